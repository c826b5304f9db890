// Raw signed calls to the simulator for its own tests (the Open API client is tested separately).
import { signTikTokRequest, startTikTokSimulator, type TikTokSimulator, type TikTokSimulatorOptions, type TikTokSimulatorShop } from '../../tiktok';

/** Before each test, a started simulator with one shop is handed to `use`; it is closed after the test. */
export function simulatorForEachTest(
  use: (fixture: { simulator: TikTokSimulator; shop: TikTokSimulatorShop }) => void,
  options: TikTokSimulatorOptions & { shopName?: string } = {},
): void {
  let simulator: TikTokSimulator | undefined;
  beforeEach(async () => {
    simulator = await startTikTokSimulator(options);
    use({ simulator, shop: simulator.addShop({ name: options.shopName }) });
  });
  afterEach(async () => {
    await simulator?.close();
  });
}

export interface RawCall {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as is. */
  body?: unknown;
  /** Unix seconds; the real clock when absent. */
  timestamp?: number;
  /** null leaves the header out. */
  accessToken?: string | null;
  /** null leaves shop_cipher out. */
  shopCipher?: string | null;
  appKey?: string;
  /** The secret the sign is computed with (the simulator's when absent). */
  signWith?: string;
  /** Sent instead of the computed sign; null leaves sign out. */
  sign?: string | null;
  contentType?: string;
  /** Changes the body after signing. */
  tamperBody?: (body: string) => string;
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed envelope, when the answer is JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are JSON the tests read field by field
  envelope: { code: number; message: string; request_id: string; data?: any } | undefined;
}

export async function call(simulator: TikTokSimulator, shop: TikTokSimulatorShop | undefined, request: RawCall): Promise<RawAnswer> {
  const query: Record<string, string> = {
    app_key: request.appKey ?? simulator.appKey,
    timestamp: String(request.timestamp ?? Math.floor(Date.now() / 1000)),
    ...request.query,
  };
  const shopCipher = request.shopCipher === undefined ? shop?.shopCipher : request.shopCipher;
  if (shopCipher !== null && shopCipher !== undefined) query.shop_cipher = shopCipher;
  const body = request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  // As TikTok specifies: a multipart/form-data body is not part of the sign.
  const signedBody = request.contentType?.startsWith('multipart/form-data') ? undefined : body;
  const sign = signTikTokRequest({ path: request.path, query, body: signedBody, appSecret: request.signWith ?? simulator.appSecret });
  if (request.sign !== null) query.sign = request.sign ?? sign;

  const url = new URL(request.path, simulator.baseUrl);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const headers: Record<string, string> = {};
  const accessToken = request.accessToken === undefined ? shop?.accessToken : request.accessToken;
  if (accessToken !== null && accessToken !== undefined) headers['x-tts-access-token'] = accessToken;
  if (body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';

  const response = await fetch(url, {
    method: request.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body: body === undefined ? undefined : (request.tamperBody?.(body) ?? body),
  });
  const text = await response.text();
  let envelope: RawAnswer['envelope'];
  try {
    envelope = JSON.parse(text);
  } catch {
    envelope = undefined;
  }
  return { status: response.status, headers: response.headers, text, envelope };
}

/** The envelope data of a successful call; fails the test with the envelope otherwise. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are JSON the tests read field by field
export async function callOk(simulator: TikTokSimulator, shop: TikTokSimulatorShop | undefined, request: RawCall): Promise<any> {
  const answer = await call(simulator, shop, request);
  if (answer.status !== 200 || answer.envelope?.code !== 0) throw new Error(`expected success, got HTTP ${answer.status}: ${answer.text}`);
  return answer.envelope.data;
}
