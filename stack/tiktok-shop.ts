// The TikTok Shop the stack talks to: the simulator with a demo catalogue, or a real shop whose
// credentials are in the environment.
import { startTikTokSimulator, type TikTokSimulator, type TikTokSimulatorProduct } from '../tiktok';

export interface TikTokShopCredentials {
  appKey: string;
  appSecret: string;
  accessToken: string;
  refreshToken: string;
  shopCipher: string;
  shopId: string;
  baseUrl?: string;
  authBaseUrl?: string;
}

export interface DemoShop {
  simulator: TikTokSimulator;
  credentials: TikTokShopCredentials;
  /** The demo catalogue with the stock each SKU starts with in CreatorFlow. */
  products: Array<{ role: DemoProductRole; product: TikTokSimulatorProduct; onHand: number }>;
}

export type DemoProductRole = 'everyday' | 'viral' | 'scarce';

export const DEMO_SHOP_ID = '7495000000000000001';
const DEMO_APP = { appKey: 'creatorflowdemo', appSecret: 'creatorflow-demo-app-secret-0001' };

const catalogue: Array<{ role: DemoProductRole; title: string; price: string; onHand: number }> = [
  { role: 'everyday', title: 'Everyday Cotton Tee', price: '19.99', onHand: 5000 },
  { role: 'viral', title: 'Glow Serum 30ml', price: '24.00', onHand: 5000 },
  { role: 'scarce', title: 'Limited Drop Hoodie', price: '59.00', onHand: 2 },
];

/** Real TikTok Shop credentials from TIKTOK_APP_KEY, TIKTOK_APP_SECRET, TIKTOK_ACCESS_TOKEN, ... when all required ones are set. */
export function tiktokCredentialsFromEnv(env: NodeJS.ProcessEnv = process.env): TikTokShopCredentials | undefined {
  const { TIKTOK_APP_KEY, TIKTOK_APP_SECRET, TIKTOK_ACCESS_TOKEN, TIKTOK_SHOP_ID } = env;
  if (!TIKTOK_APP_KEY || !TIKTOK_APP_SECRET || !TIKTOK_ACCESS_TOKEN || !TIKTOK_SHOP_ID) return undefined;
  return {
    appKey: TIKTOK_APP_KEY,
    appSecret: TIKTOK_APP_SECRET,
    accessToken: TIKTOK_ACCESS_TOKEN,
    refreshToken: env.TIKTOK_REFRESH_TOKEN ?? '',
    shopCipher: env.TIKTOK_SHOP_CIPHER ?? '',
    shopId: TIKTOK_SHOP_ID,
  };
}

/**
 * The simulator on `port` (auth on port + 1) with the demo shop and catalogue, whose ids are the
 * same on every start (the seeded stock matches them); orders and notifications get ids no earlier
 * start used (milliseconds since 2026 times 1000 apart), since the database keeps earlier ones.
 */
export async function startDemoShop(port: number): Promise<DemoShop> {
  const idOffset = BigInt(Date.now() - Date.UTC(2026, 0, 1)) * 1000n;
  const simulator = await startTikTokSimulator({ port, authPort: port === 0 ? 0 : port + 1, ...DEMO_APP, requestsPerSecond: 200, idOffset });
  const shop = simulator.addShop({ shopId: DEMO_SHOP_ID, name: 'CreatorFlow Demo Shop' });
  const products = catalogue.map(({ role, title, price, onHand }) => ({ role, product: simulator.addProduct(shop.shopId, { title, price, quantity: onHand }), onHand }));
  return { simulator, credentials: { ...simulator.clientOptionsFor(shop), shopId: shop.shopId }, products };
}
