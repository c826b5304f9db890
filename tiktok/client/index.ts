// The TikTok Shop Open API client: public names.
export { TikTokShopClient } from './client';
export type { TikTokCallOptions } from './api-caller';
export { DEFAULT_REQUESTS_PER_SECOND, TIKTOK_AUTH_BASE_URL, TIKTOK_OPEN_API_BASE_URL, type TikTokShopClientOptions } from './options';
export { CircuitOpenError, TikTokApiError, TikTokClientError, TikTokInputError, TikTokNetworkError, TikTokTimeoutError } from './errors';
export { EXPIRED_ACCESS_TOKEN_CODE } from './error-codes';
export { DEFAULT_HIGH_PRIORITY_RESERVE, PriorityRateLimiter, type RateLimiterOptions, type RequestPriority } from './rate-limiter';
export type { CircuitBreakerOptions, CircuitState } from './circuit-breaker';
export type { RetryOptions } from './retry-policy';
export type { OnTokenRefresh, TikTokAccessTokenData } from './token-refresh';
export type { TikTokFetch, TikTokFetchResponse } from './transport';
export type { TikTokNoData } from './signed-request';
export {
  MAX_ORDER_IDS_PER_CALL,
  type TikTokGetOrdersData,
  type TikTokOrderSearchFilter,
  type TikTokOrderSearchPage,
  type TikTokSearchOrdersData,
} from './endpoints/orders';
export type {
  TikTokMarkPackageShippedBody,
  TikTokMarkPackageShippedData,
  TikTokShipPackageBody,
  TikTokShippingDocumentData,
  TikTokShippingDocumentOptions,
  TikTokShippingDocumentType,
  TikTokShippingInfoBody,
} from './endpoints/fulfillment';
export type { TikTokShippingProvider, TikTokShippingProvidersData } from './endpoints/logistics';
export type { TikTokAuthorizedShop, TikTokAuthorizedShopsData } from './endpoints/authorization';
export type { TikTokWebhookSubscription, TikTokWebhooksData } from './endpoints/events';
export type { TikTokInventoryUpdateError, TikTokSkuInventoryUpdate, TikTokUpdateInventoryData } from './endpoints/products';
export { downloadShippingDocument, type TikTokDocumentDownloadOptions, type TikTokDocumentFile } from './document-download';
export { lookUpOrders, type TikTokOrderLookup } from './order-lookup';
export { searchOrdersAcrossPages, type TikTokOrderSearchAcrossPages } from './order-search-pages';
