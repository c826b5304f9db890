// Everything the simulated service knows: shops and their tokens, products and stock, orders and
// their packages, webhook subscriptions and generated shipping documents.
import type { TikTokOrder } from '../order';
import { IdSequence, opaqueToken } from './ids';

export interface SimulatedShop {
  id: string;
  name: string;
  cipher: string;
  region: string;
  warehouseId: string;
  /** The seller account: an access token may act for every shop of its shop's seller. */
  sellerId: string;
  /** event_type → subscription. */
  webhooks: Map<string, { address: string; create_time: number; update_time: number }>;
}

export interface SimulatedAccessToken {
  shopId: string;
  /** Unix seconds. */
  expiresAt: number;
}

export interface SimulatedSku {
  id: string;
  sellerSku: string;
  name: string;
  /** Decimal string, e.g. "19.99". */
  price: string;
  /** warehouse_id → quantity. */
  inventory: Map<string, number>;
}

export interface SimulatedProduct {
  id: string;
  shopId: string;
  title: string;
  skus: SimulatedSku[];
}

export type SimulatedPackageStatus = 'PROCESSING' | 'FULFILLING' | 'COMPLETED' | 'CANCELLED';

export interface SimulatedPackage {
  id: string;
  shopId: string;
  orderId: string;
  lineItemIds: string[];
  status: SimulatedPackageStatus;
  trackingNumber?: string;
  shippingProviderId?: string;
  handoverMethod?: 'PICKUP' | 'DROP_OFF';
  /** Unix seconds at which the package was shipped (arranged or marked shipped). */
  shippedAt?: number;
}

export interface SimulatedDocument {
  packageId: string;
  documentType: string;
  documentSize: 'A6' | 'A5';
}

export class SimulatorState {
  readonly shops = new Map<string, SimulatedShop>();
  readonly accessTokens = new Map<string, SimulatedAccessToken>();
  readonly refreshTokens = new Map<string, SimulatedAccessToken>();
  readonly products = new Map<string, SimulatedProduct>();
  readonly orders = new Map<string, { shopId: string; order: TikTokOrder }>();
  readonly packages = new Map<string, SimulatedPackage>();
  /** Document token (the last segment of its doc_url) → document. */
  readonly documents = new Map<string, SimulatedDocument>();

  readonly ids;

  constructor(
    /** Current time, Unix seconds. */
    readonly nowSeconds: () => number,
    readonly accessTokenTtlSeconds: number,
    readonly refreshTokenTtlSeconds: number,
    /** Added to the ids of what a run creates; the catalogue's ids stay fixed. */
    runIdOffset = 0n,
  ) {
    this.ids = {
      shop: new IdSequence(7494049642642441000n),
      product: new IdSequence(1729582718312380000n),
      sku: new IdSequence(1729582718312390000n),
      warehouse: new IdSequence(7068517275539719000n),
      order: new IdSequence(576461413038785000n + runIdOffset),
      lineItem: new IdSequence(577086512123755000n + runIdOffset),
      package: new IdSequence(1152321127278713000n + runIdOffset),
      buyer: new IdSequence(7021436810468230000n + runIdOffset),
      notification: new IdSequence(7327112393057371000n + runIdOffset),
      cancellation: new IdSequence(4035318504086604000n + runIdOffset),
      tracking: new IdSequence(9400111899223100000n + runIdOffset),
    };
  }

  /** A new access token for the shop, valid for the configured TTL from now. */
  issueAccessToken(shopId: string): { accessToken: string; expiresAt: number } {
    const accessToken = opaqueToken('TTP_', 36);
    const expiresAt = this.nowSeconds() + this.accessTokenTtlSeconds;
    this.accessTokens.set(accessToken, { shopId, expiresAt });
    return { accessToken, expiresAt };
  }

  shopOrThrow(shopId: string): SimulatedShop {
    const shop = this.shops.get(shopId);
    if (!shop) throw new Error(`The simulator has no shop ${shopId}; add it with addShop() first`);
    return shop;
  }

  /** The shops an access token issued for `shop` may act for, `shop` first. */
  shopsOfSellerOf(shop: SimulatedShop): SimulatedShop[] {
    return [shop, ...[...this.shops.values()].filter((other) => other !== shop && other.sellerId === shop.sellerId)];
  }

  shopByCipher(cipher: string): SimulatedShop | undefined {
    for (const shop of this.shops.values()) if (shop.cipher === cipher) return shop;
    return undefined;
  }

  orderOrThrow(orderId: string): TikTokOrder {
    const entry = this.orders.get(orderId);
    if (!entry) throw new Error(`The simulator has no order ${orderId}`);
    return entry.order;
  }

  /** The shop's order, or undefined when it does not exist or belongs to another shop. */
  orderOfShop(shopId: string, orderId: string): TikTokOrder | undefined {
    const entry = this.orders.get(orderId);
    return entry?.shopId === shopId ? entry.order : undefined;
  }

  packageOfShop(shopId: string, packageId: string): SimulatedPackage | undefined {
    const pkg = this.packages.get(packageId);
    return pkg?.shopId === shopId ? pkg : undefined;
  }

  productOfShop(shopId: string, productId: string): SimulatedProduct | undefined {
    const product = this.products.get(productId);
    return product?.shopId === shopId ? product : undefined;
  }
}
