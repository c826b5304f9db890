// The printable file of an order's label: the bytes stored with it (self-ship renders them here) or
// the file the carrier serves at the label's URL (Shippo and EasyPost), checked to be in the format
// that was bought, so a printer never receives a PNG or an HTML error page as a PDF.
import type { LabelFormat } from '../carrier';
import { DEFAULT_CARRIER_TIMEOUT_MS } from '../carriers/http-carrier-options';
import { CarrierError, CarrierUnavailableError, ShippingError } from '../errors';
import type { ShippingLabel } from './label-store';

export interface LabelFile {
  data: Buffer;
  /** e.g. `label-576461413038785752.pdf` */
  fileName: string;
  mimeType: string;
}

export interface LabelFileOptions {
  /** For the download, body included; the carriers' default (15 s) unless given. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** PDF's registered type; ZPL has none registered, and application/zpl is what EasyPost labels ZPL files with. */
export const LABEL_MIME_TYPES: Readonly<Record<LabelFormat, string>> = { PDF: 'application/pdf', ZPL: 'application/zpl' };

const FILE_EXTENSIONS: Readonly<Record<LabelFormat, string>> = { PDF: 'pdf', ZPL: 'zpl' };

/** Whether `data` starts as a file of `format` does: `%PDF-`, or a ZPL label's `^XA` among its first commands. */
function isInFormat(data: Buffer, format: LabelFormat): boolean {
  if (format === 'PDF') return data.subarray(0, 5).toString('latin1') === '%PDF-';
  return /^\s*(~[^\n]*\s*)*\^XA/.test(data.subarray(0, 1024).toString('latin1'));
}

/**
 * The label's file. An unfinished purchase has none (ShippingError LABEL_NOT_BOUGHT); a download
 * that fails is a CarrierError (retryable for 408, 429, 5xx, a timeout or a lost connection), and
 * so is a file that is not in the label's format.
 */
export async function readLabelFile(
  label: Pick<ShippingLabel, 'orderId' | 'carrier' | 'status' | 'format' | 'labelData' | 'labelUrl'>,
  options: LabelFileOptions = {},
): Promise<LabelFile> {
  const data = label.labelData ?? (label.labelUrl === null ? null : await download(label.carrier, label.labelUrl, options));
  if (data === null) throw new ShippingError('LABEL_NOT_BOUGHT', `The label of order "${label.orderId}" is ${label.status}: it has no file yet`);
  if (!isInFormat(data, label.format)) {
    const source = label.labelUrl === null ? 'the stored label' : `the label file at ${label.labelUrl}`;
    throw new CarrierError(label.carrier, `${source} is not a ${label.format} file`, { httpStatus: null, retryable: false });
  }
  return { data, fileName: `label-${label.orderId}.${FILE_EXTENSIONS[label.format]}`, mimeType: LABEL_MIME_TYPES[label.format] };
}

async function download(carrier: string, url: string, options: LabelFileOptions): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CARRIER_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await fetch(url, { signal });
    if (!response.ok) {
      const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
      throw new CarrierError(carrier, `GET ${url} answered ${response.status}`, { httpStatus: response.status, retryable });
    }
    return Buffer.from(await response.arrayBuffer());
  } catch (error) {
    if (error instanceof CarrierError) throw error;
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted) throw new CarrierUnavailableError(carrier, `GET ${url} had no answer within ${timeoutMs} ms`);
    // fetch says only "fetch failed"; undici's cause names the reason (ECONNREFUSED, UND_ERR_SOCKET).
    const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
    throw new CarrierUnavailableError(carrier, `GET ${url} failed: ${typeof cause === 'string' ? cause : String(error)}`);
  }
}
