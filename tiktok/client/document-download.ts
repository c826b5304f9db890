// The file behind a shipping document's `doc_url`. The link is pre-authorised and short-lived, and
// it is not an Open API path: no signing, no envelope, no shop rate limit; just the bytes.
import { TikTokApiError } from './errors';
import { httpUrl, parseInput } from './input';
import { withinTimeout } from './transport';

const DEFAULT_TIMEOUT_MS = 15_000;

export interface TikTokDocumentDownloadOptions {
  /** For the whole download, body included (default 15 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface TikTokDocumentFile {
  data: Buffer;
  /** The answer's media type without parameters (`application/pdf`); undefined when it named none. */
  mimeType: string | undefined;
}

/**
 * Downloads a document link from Get Shipping Document. An answer other than 2xx is a
 * TikTokApiError without code (the link may have expired: ask for the document again); a
 * timeout or a failed connection is a TikTokTimeoutError / TikTokNetworkError.
 */
export async function downloadShippingDocument(docUrl: string, { timeoutMs = DEFAULT_TIMEOUT_MS, signal }: TikTokDocumentDownloadOptions = {}): Promise<TikTokDocumentFile> {
  const url = parseInput(httpUrl, docUrl, 'docUrl');
  const { status, contentType, data } = await withinTimeout({ method: 'GET', url }, timeoutMs, signal, async (combined) => {
    const response = await fetch(url, { signal: combined });
    return { status: response.status, contentType: response.headers.get('content-type'), data: Buffer.from(await response.arrayBuffer()) };
  });
  if (status < 200 || status >= 300) {
    throw new TikTokApiError({
      code: null,
      message: `The shipping document download answered HTTP ${status}; the document link may have expired, so get the document again`,
      requestId: undefined,
      httpStatus: status,
      retryable: status === 429 || status >= 500,
    });
  }
  const mimeType = contentType?.split(';')[0].trim().toLowerCase();
  return { data, mimeType: mimeType === '' ? undefined : mimeType };
}
