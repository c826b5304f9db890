// A local TikTok Shop: the Open API (202309) endpoints this project uses and the auth host's token
// refresh, each on its own loopback listener, with state, TikTok's checks, a rate limit, injectable
// faults, and a webhook sender.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TikTokOrder, TikTokOrderStatus, TikTokRecipientAddress } from '../order';
import { handleApiRequest, type ApiHandlerContext } from './api-handler';
import { handleAuthRequest, type AuthHandlerContext } from './auth-handler';
import { FaultQueue, type SimulatorFault } from './faults';
import { sleep } from '../sleep';
import { opaqueToken } from './ids';
import { applyOrderStatus, createOrder, createProduct, recipientAddress, type SimulatorOrderLines } from './order-factory';
import { SlidingWindowRateLimiter } from './rate-limiter';
import type { SimulatorRequestRecord } from './request-log';
import { createRouter } from './router';
import { SIMULATOR_ROUTES } from './routes';
import { SimulatorState, type SimulatedProduct } from './state';
import { cancellationStatusChangeWebhook, orderStatusChangeWebhook, recipientAddressUpdateWebhook, type TikTokCancellationStatus } from './webhook-builders';
import { sendTikTokWebhook, type TikTokWebhookBody, type TikTokWebhookSendOptions, type TikTokWebhookSendResult } from './webhook-sender';

export interface TikTokSimulatorOptions {
  appKey?: string;
  appSecret?: string;
  /** Per API path and shop; TikTok's default is 50. */
  requestsPerSecond?: number;
  /** The service's clock in milliseconds (timestamp window, token expiry, order times); Date.now when absent. */
  now?: () => number;
  /** Lifetime of issued access tokens; 7 days when absent, as TikTok's. */
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  /** Interface to listen on; 127.0.0.1 when absent. */
  host?: string;
  /** Open API port; 0 (any free port) when absent. */
  port?: number;
  /** Auth host port; 0 when absent. */
  authPort?: number;
  /**
   * Told of a request handler that failed outside TikTok's answers (e.g. the client hung up while
   * its body was being read); the connection is then destroyed. console.error when absent.
   */
  onError?: (error: unknown) => void;
  /**
   * Answer as TikTok's production API does: empty lists and empty strings are left out of `data`
   * (a search with no match answers `data: {total_count: 0}`). Off by default, so tests read full answers.
   */
  omitEmptyFields?: boolean;
  /**
   * Added to the ids of everything a run creates (orders, line items, packages, buyers,
   * notifications, cancellations, tracking numbers), so a simulator restarted against a database
   * that kept an earlier run's orders never reuses their ids. The shop's catalogue (products,
   * SKUs, warehouse) keeps its ids. 0 when absent.
   */
  idOffset?: bigint;
}

export interface TikTokSimulatorShop {
  shopId: string;
  shopCipher: string;
  accessToken: string;
  refreshToken: string;
  warehouseId: string;
}

export interface TikTokSimulatorProduct {
  productId: string;
  title: string;
  skus: Array<{ skuId: string; sellerSku: string; price: string; inventory: Record<string, number> }>;
}

export interface SimulatorOrderBurstOptions extends TikTokWebhookSendOptions, Pick<SimulatorOrderLines, 'quantity'> {
  shopId: string;
  /** Number of orders (one webhook each). */
  count: number;
  /** The orders' webhooks are spread evenly over this many milliseconds. */
  spanMs: number;
  /** The product all orders are for; a new product when absent. */
  productId?: string;
  /** Status of the new orders, and of their ORDER_STATUS_CHANGE webhooks; AWAITING_SHIPMENT when absent. */
  status?: TikTokOrderStatus;
}

const DAY_SECONDS = 86_400;

function productView(product: SimulatedProduct): TikTokSimulatorProduct {
  return {
    productId: product.id,
    title: product.title,
    skus: product.skus.map((sku) => ({ skuId: sku.id, sellerSku: sku.sellerSku, price: sku.price, inventory: Object.fromEntries(sku.inventory) })),
  };
}

function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(`http://${host}:${(server.address() as AddressInfo).port}`);
    });
  });
}

function serveWith<C>(handler: (context: C, request: IncomingMessage, response: ServerResponse) => Promise<void>, context: C, onError: (error: unknown) => void): Server {
  return createServer((request, response) => {
    handler(context, request, response).catch((error: unknown) => {
      response.destroy();
      onError(error);
    });
  });
}

export class TikTokSimulator {
  readonly appKey: string;
  readonly appSecret: string;
  /** Every request received by either listener, in arrival order. */
  readonly requests: SimulatorRequestRecord[] = [];
  private readonly state: SimulatorState;
  private readonly faults = new FaultQueue();
  private readonly apiServer: Server;
  private readonly authServer: Server;
  /** Aborted on close, so pending webhook retries and bursts stop. */
  private readonly closing = new AbortController();
  private apiBaseUrl = '';
  private authUrl = '';

  private constructor(options: TikTokSimulatorOptions) {
    this.appKey = options.appKey ?? 'simappkey01';
    this.appSecret = options.appSecret ?? 'sim-app-secret-0123456789abcdef';
    const now = options.now ?? Date.now;
    this.state = new SimulatorState(
      () => Math.floor(now() / 1000),
      options.accessTokenTtlSeconds ?? 7 * DAY_SECONDS,
      options.refreshTokenTtlSeconds ?? 365 * DAY_SECONDS,
      options.idOffset ?? 0n,
    );
    const app = { appKey: this.appKey, appSecret: this.appSecret };
    const apiContext: ApiHandlerContext = {
      state: this.state,
      faults: this.faults,
      rateLimiter: new SlidingWindowRateLimiter(options.requestsPerSecond ?? 50),
      route: createRouter(SIMULATOR_ROUTES),
      app,
      requests: this.requests,
      baseUrl: () => this.apiBaseUrl,
      closing: this.closing.signal,
      omitEmptyFields: options.omitEmptyFields ?? false,
    };
    const authContext: AuthHandlerContext = { state: this.state, faults: this.faults, app, requests: this.requests, closing: this.closing.signal };
    const onError = options.onError ?? ((error: unknown) => console.error('TikTok simulator: request handler failed:', error));
    this.apiServer = serveWith(handleApiRequest, apiContext, onError);
    this.authServer = serveWith(handleAuthRequest, authContext, onError);
  }

  static async start(options: TikTokSimulatorOptions = {}): Promise<TikTokSimulator> {
    const simulator = new TikTokSimulator(options);
    const host = options.host ?? '127.0.0.1';
    simulator.apiBaseUrl = await listen(simulator.apiServer, host, options.port ?? 0);
    simulator.authUrl = await listen(simulator.authServer, host, options.authPort ?? 0);
    return simulator;
  }

  /** Open API base, e.g. http://127.0.0.1:PORT (paths like /order/202309/orders). */
  get baseUrl(): string {
    return this.apiBaseUrl;
  }

  /** Auth host base: token refresh is GET {authBaseUrl}/api/v2/token/refresh. */
  get authBaseUrl(): string {
    return this.authUrl;
  }

  /**
   * A shop authorised for the app, with its cipher, a warehouse and fresh tokens. With
   * `sameSellerAs`, a further shop of that shop's seller: each one's access token may act for both.
   */
  addShop(input: { shopId?: string; name?: string; sameSellerAs?: string } = {}): TikTokSimulatorShop {
    const shopId = input.shopId ?? this.state.ids.shop.take();
    if (this.state.shops.has(shopId)) throw new Error(`The simulator already has a shop ${shopId}`);
    const sellerId = input.sameSellerAs === undefined ? shopId : this.state.shopOrThrow(input.sameSellerAs).sellerId;
    const warehouseId = this.state.ids.warehouse.take();
    this.state.shops.set(shopId, {
      id: shopId,
      name: input.name ?? `Creator Shop ${this.state.shops.size + 1}`,
      cipher: opaqueToken('ROW_', 24),
      region: 'US',
      warehouseId,
      sellerId,
      webhooks: new Map(),
    });
    const { accessToken } = this.state.issueAccessToken(shopId);
    const refreshToken = opaqueToken('TTP_', 36);
    this.state.refreshTokens.set(refreshToken, { shopId, expiresAt: this.state.nowSeconds() + this.state.refreshTokenTtlSeconds });
    return { shopId, shopCipher: this.state.shopOrThrow(shopId).cipher, accessToken, refreshToken, warehouseId };
  }

  /** What a TikTokShopClient needs to call this simulator as `shop`: the app, the shop's credentials, both hosts. */
  clientOptionsFor(shop: TikTokSimulatorShop): { appKey: string; appSecret: string; accessToken: string; refreshToken: string; shopCipher: string; baseUrl: string; authBaseUrl: string } {
    const { accessToken, refreshToken, shopCipher } = shop;
    return { appKey: this.appKey, appSecret: this.appSecret, accessToken, refreshToken, shopCipher, baseUrl: this.apiBaseUrl, authBaseUrl: this.authUrl };
  }

  /** Makes the access token expired: calls with it get 105002 until the client refreshes. */
  expireAccessToken(accessToken: string): void {
    const token = this.state.accessTokens.get(accessToken);
    if (!token) throw new Error(`The simulator did not issue access token ${accessToken}`);
    token.expiresAt = this.state.nowSeconds() - 1;
  }

  /** Makes the refresh token expired: refreshing with it gets 36004001. */
  expireRefreshToken(refreshToken: string): void {
    const token = this.state.refreshTokens.get(refreshToken);
    if (!token) throw new Error(`The simulator did not issue refresh token ${refreshToken}`);
    token.expiresAt = this.state.nowSeconds() - 1;
  }

  /** A product with one SKU stocked (500 units unless told) in the shop's warehouse. */
  addProduct(shopId: string, input: { title?: string; price?: string; quantity?: number } = {}): TikTokSimulatorProduct {
    return productView(createProduct(this.state, shopId, input));
  }

  /**
   * A new order in the 202309 shape with realistic defaults (AWAITING_SHIPMENT, one unit of the
   * shop's first product) and one package; `order` overrides top-level fields. Orders created in a
   * shipped status get a tracking number. Returns a copy; read the current state with getOrder.
   */
  addOrder(shopId: string, order: Partial<TikTokOrder> = {}, lines: SimulatorOrderLines = {}): TikTokOrder {
    return structuredClone(createOrder(this.state, shopId, order, lines));
  }

  getOrder(orderId: string): TikTokOrder | undefined {
    const entry = this.state.orders.get(orderId);
    return entry && structuredClone(entry.order);
  }

  setOrderStatus(orderId: string, status: TikTokOrderStatus): void {
    applyOrderStatus(this.state, this.state.orderOrThrow(orderId), status, this.state.nowSeconds());
  }

  getPackage(packageId: string): { id: string; orderId: string; status: string; lineItemIds: string[]; trackingNumber?: string; shippingProviderId?: string; handoverMethod?: string } | undefined {
    const pkg = this.state.packages.get(packageId);
    if (!pkg) return undefined;
    const { shopId: _shop, shippedAt: _shipped, ...view } = pkg;
    return structuredClone(view);
  }

  getProduct(productId: string): TikTokSimulatorProduct | undefined {
    const product = this.state.products.get(productId);
    return product && productView(product);
  }

  /** The shop's webhook subscriptions as Get Shop Webhooks lists them. */
  webhookSubscriptions(shopId: string): Array<{ event_type: string; address: string; create_time: number; update_time: number }> {
    return [...this.state.shopOrThrow(shopId).webhooks].map(([event_type, subscription]) => ({ event_type, ...subscription }));
  }

  injectFault(fault: SimulatorFault): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** ORDER_STATUS_CHANGE for an order; with `status`, the order moves to it first. */
  orderStatusChangeEvent(orderId: string, status?: TikTokOrderStatus): TikTokWebhookBody {
    const entry = this.orderEntry(orderId);
    if (status !== undefined) this.setOrderStatus(orderId, status);
    const { order } = entry;
    return orderStatusChangeWebhook({
      shopId: entry.shopId,
      notificationId: this.state.ids.notification.take(),
      at: this.state.nowSeconds(),
      orderId,
      status: order.status,
      isOnHoldOrder: order.is_on_hold_order,
    });
  }

  /** CANCELLATION_STATUS_CHANGE; a successful or completed cancellation cancels the order. */
  cancellationEvent(orderId: string, input: { cancelStatus?: TikTokCancellationStatus; role?: 'BUYER' | 'SELLER' | 'SYSTEM' } = {}): TikTokWebhookBody {
    const entry = this.orderEntry(orderId);
    const cancelStatus = input.cancelStatus ?? 'CANCELLATION_REQUEST_SUCCESS';
    const role = input.role ?? 'BUYER';
    if (cancelStatus === 'CANCELLATION_REQUEST_PENDING') entry.order.is_buyer_request_cancel = role === 'BUYER';
    if (cancelStatus === 'CANCELLATION_REQUEST_SUCCESS' || cancelStatus === 'CANCELLATION_REQUEST_COMPLETE') {
      entry.order.cancellation_initiator = role;
      entry.order.cancel_reason ??= role === 'BUYER' ? 'No longer needed' : 'Out of stock';
      this.setOrderStatus(orderId, 'CANCELLED');
    }
    return cancellationStatusChangeWebhook({
      shopId: entry.shopId,
      notificationId: this.state.ids.notification.take(),
      at: this.state.nowSeconds(),
      orderId,
      cancelId: this.state.ids.cancellation.take(),
      cancelStatus,
      role,
    });
  }

  /** RECIPIENT_ADDRESS_UPDATE; the order's address changes to `address` (another realistic one when absent). */
  addressUpdateEvent(orderId: string, address?: TikTokRecipientAddress): TikTokWebhookBody {
    const entry = this.orderEntry(orderId);
    entry.order.recipient_address = address ?? recipientAddress(this.state.orders.size + 1);
    entry.order.has_updated_recipient_address = true;
    entry.order.update_time = this.state.nowSeconds();
    return recipientAddressUpdateWebhook({ shopId: entry.shopId, notificationId: this.state.ids.notification.take(), at: entry.order.update_time, orderId });
  }

  /** Signs and POSTs a webhook to `url` as TikTok does (duplicates, retries); resolves when every delivery has ended. */
  sendWebhook(url: string, event: TikTokWebhookBody | string, options: TikTokWebhookSendOptions = {}): Promise<TikTokWebhookSendResult> {
    return sendTikTokWebhook({ url, body: event, appKey: this.appKey, appSecret: this.appSecret, signal: this.closing.signal, ...options });
  }

  /**
   * A burst of `count` orders for one product: each order is created (so a receiver can GET it)
   * just before its ORDER_STATUS_CHANGE webhook is sent; the webhooks are spread over `spanMs`.
   * Closing the simulator ends the burst: `orders` and `results` then hold the ones sent before.
   */
  async sendOrderBurst(url: string, options: SimulatorOrderBurstOptions): Promise<{ productId: string; orders: TikTokOrder[]; results: TikTokWebhookSendResult[] }> {
    const { shopId, count, spanMs, status = 'AWAITING_SHIPMENT', quantity, ...sendOptions } = options;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
    const productId = options.productId ?? createProduct(this.state, shopId, { title: 'Viral Glow Serum 30ml' }).id;
    const sent = await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        try {
          await sleep((index * spanMs) / count, this.closing.signal);
        } catch {
          return undefined; // closed before this order's turn
        }
        const order = createOrder(this.state, shopId, { status }, { productId, quantity });
        return { order: structuredClone(order), result: await this.sendWebhook(url, this.orderStatusChangeEvent(order.id), sendOptions) };
      }),
    );
    const done = sent.filter((entry) => entry !== undefined);
    return { productId, orders: done.map((entry) => entry.order), results: done.map((entry) => entry.result) };
  }

  /** Stops both listeners (open connections and delayed answers included), webhook deliveries and bursts. */
  async close(): Promise<void> {
    this.closing.abort();
    await Promise.all(
      [this.apiServer, this.authServer].map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }

  private orderEntry(orderId: string): { shopId: string; order: TikTokOrder } {
    const entry = this.state.orders.get(orderId);
    if (!entry) throw new Error(`The simulator has no order ${orderId}`);
    return entry;
  }
}

/** Starts a simulator on loopback (any free ports unless told); close it when done. */
export function startTikTokSimulator(options?: TikTokSimulatorOptions): Promise<TikTokSimulator> {
  return TikTokSimulator.start(options);
}
