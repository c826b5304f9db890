// TikTokShopClient: the typed methods of the Open API 202309 endpoints this project uses, over one
// pipeline that signs, rate-limits, retries, refreshes the token and trips a circuit breaker.
import type { TikTokWebhookTopic } from '../webhook/topics';
import { ApiCaller, type TikTokCallOptions } from './api-caller';
import { CircuitBreaker, type CircuitState } from './circuit-breaker';
import { getAuthorizedShopsRequest, type TikTokAuthorizedShopsData } from './endpoints/authorization';
import { deleteWebhookRequest, listWebhooksRequest, subscribeWebhookRequest, type TikTokWebhooksData } from './endpoints/events';
import {
  getShippingDocumentRequest,
  markPackageShippedRequest,
  shipPackageRequest,
  updateShippingInfoRequest,
  type TikTokMarkPackageShippedBody,
  type TikTokMarkPackageShippedData,
  type TikTokShipPackageBody,
  type TikTokShippingDocumentData,
  type TikTokShippingDocumentOptions,
  type TikTokShippingInfoBody,
} from './endpoints/fulfillment';
import { getShippingProvidersRequest, type TikTokShippingProvidersData } from './endpoints/logistics';
import {
  getOrdersRequest,
  searchOrdersRequest,
  type TikTokGetOrdersData,
  type TikTokOrderSearchFilter,
  type TikTokOrderSearchPage,
  type TikTokSearchOrdersData,
} from './endpoints/orders';
import { updateInventoryRequest, type TikTokSkuInventoryUpdate, type TikTokUpdateInventoryData } from './endpoints/products';
import { resolveClientOptions, type TikTokShopClientOptions } from './options';
import type { PriorityRateLimiter } from './rate-limiter';
import { RetryPolicy } from './retry-policy';
import type { TikTokNoData } from './signed-request';
import { AccessTokens, type TikTokAccessTokenData } from './token-refresh';

export class TikTokShopClient {
  private readonly api: ApiCaller;
  private readonly tokens: AccessTokens;
  private readonly breaker: CircuitBreaker;
  /** The limiter this client's calls wait for: the shop's shared one unless the options gave one. */
  readonly rateLimiter: PriorityRateLimiter;

  /** Throws TikTokInputError on a missing or malformed option. Methods reject with it on bad arguments, before any request. */
  constructor(clientOptions: TikTokShopClientOptions) {
    const options = resolveClientOptions(clientOptions);
    const retry = new RetryPolicy(options.retry);
    this.breaker = new CircuitBreaker(options.breaker);
    this.rateLimiter = options.rateLimiter;
    this.tokens = new AccessTokens(options.accessToken, options.refreshToken, { ...options, retry }, options.onTokenRefresh);
    this.api = new ApiCaller(options, this.tokens, this.rateLimiter, this.breaker, retry);
  }

  /** The access token the next call sends (changes after a refresh). */
  get accessToken(): string {
    return this.tokens.accessToken;
  }

  get circuitState(): CircuitState {
    return this.breaker.state;
  }

  /** Get Order Detail of up to 50 orders; more is a TikTokInputError before any request. */
  async getOrders(ids: readonly string[], options?: TikTokCallOptions): Promise<TikTokGetOrdersData> {
    return this.api.call(getOrdersRequest(ids), options);
  }

  /** One page of orders matching `filter`; pass `next_page_token` back as `page.page_token` for the next. */
  async searchOrders(filter: TikTokOrderSearchFilter = {}, page: TikTokOrderSearchPage = {}, options?: TikTokCallOptions): Promise<TikTokSearchOrdersData> {
    return this.api.call(searchOrdersRequest(filter, page), options);
  }

  /** Ships a package with TikTok's carrier (pickup or drop-off) or the seller's own (`self_shipment`). */
  async shipPackage(packageId: string, body: TikTokShipPackageBody, options?: TikTokCallOptions): Promise<TikTokNoData> {
    return this.api.call(shipPackageRequest(packageId, body), options);
  }

  async getShippingDocument(packageId: string, document: TikTokShippingDocumentOptions, options?: TikTokCallOptions): Promise<TikTokShippingDocumentData> {
    return this.api.call(getShippingDocumentRequest(packageId, document), options);
  }

  /** Replaces the tracking number and carrier of a shipped order. */
  async updateShippingInfo(orderId: string, body: TikTokShippingInfoBody, options?: TikTokCallOptions): Promise<TikTokNoData> {
    return this.api.call(updateShippingInfoRequest(orderId, body), options);
  }

  /** Marks line items of a seller-shipped order as shipped, with their tracking number. */
  async markPackageShipped(orderId: string, body: TikTokMarkPackageShippedBody, options?: TikTokCallOptions): Promise<TikTokMarkPackageShippedData> {
    return this.api.call(markPackageShippedRequest(orderId, body), options);
  }

  async getShippingProviders(deliveryOptionId: string, options?: TikTokCallOptions): Promise<TikTokShippingProvidersData> {
    return this.api.call(getShippingProvidersRequest(deliveryOptionId), options);
  }

  /** Sets SKU quantities. Resolves even when some SKUs failed: check `errors`. */
  async updateInventory(productId: string, skus: readonly TikTokSkuInventoryUpdate[], options?: TikTokCallOptions): Promise<TikTokUpdateInventoryData> {
    return this.api.call(updateInventoryRequest(productId, skus), options);
  }

  /** Get Authorized Shops: the shops (with their ciphers) this access token may act for. */
  async getAuthorizedShops(options?: TikTokCallOptions): Promise<TikTokAuthorizedShopsData> {
    return this.api.call(getAuthorizedShopsRequest(), options);
  }

  async listWebhooks(options?: TikTokCallOptions): Promise<TikTokWebhooksData> {
    return this.api.call(listWebhooksRequest(), options);
  }

  /** Sets the address TikTok delivers `eventType` webhooks to (replacing any previous one). */
  async subscribeWebhook(eventType: TikTokWebhookTopic, address: string, options?: TikTokCallOptions): Promise<TikTokNoData> {
    return this.api.call(subscribeWebhookRequest(eventType, address), options);
  }

  async deleteWebhook(eventType: TikTokWebhookTopic, options?: TikTokCallOptions): Promise<TikTokNoData> {
    return this.api.call(deleteWebhookRequest(eventType), options);
  }

  /**
   * Exchanges the refresh token for new tokens now, uses them from the next call on and passes them
   * to `onTokenRefresh`. Calls that meet an expired token meanwhile wait for this same refresh.
   * `signal` ends this caller's wait; the refresh itself goes on for whoever else waits for it.
   */
  refreshAccessToken(options: Pick<TikTokCallOptions, 'signal'> = {}): Promise<TikTokAccessTokenData> {
    return this.tokens.refresh(options.signal);
  }
}
