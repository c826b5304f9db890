// Reading a label's printable file: stored bytes as they are, a carrier's file downloaded over real
// HTTP and checked to be in the bought format, and the failures a download can meet.
import { ShippoCarrier } from '../../shipping/carriers/shippo';
import { CarrierError, CarrierUnavailableError, ShippingError } from '../../shipping/errors';
import { readLabelFile } from '../../shipping/labels/label-file';
import { shippingLabelPdf } from '../../tiktok/simulator/label-pdf';
import { FakeServer } from './fakes/fake-server';
import { startShippoFake, type ShippoFake } from './fakes/shippo-fake';
import { SHIPMENT } from './self-ship-fixture';

const PDF = shippingLabelPdf('A6', 'USPS Priority', ['Tracking: 9400']);
const ZPL = '~SD15\n^XA\n^FO40,40^FDHello^FS\n^XZ';

let files: FakeServer;
let shippoFake: ShippoFake;

beforeAll(async () => {
  const file = (path: RegExp, answer: { status: number; body: string | Buffer; contentType: string }) => ({ method: 'GET' as const, path, public: true, handle: () => answer });
  files = await FakeServer.start({
    routes: [
      file(/^\/label\.pdf$/, { status: 200, body: PDF, contentType: 'application/pdf' }),
      file(/^\/label\.zpl$/, { status: 200, body: ZPL, contentType: 'application/zpl' }),
      file(/^\/label\.png$/, { status: 200, body: Buffer.from('89504e470d0a1a0a', 'hex'), contentType: 'image/png' }),
      file(/^\/busy$/, { status: 503, body: 'Service Unavailable', contentType: 'text/plain' }),
    ],
    authorize: () => undefined,
    notFound: { status: 404, body: 'Not Found' },
    malformedBody: { status: 400, body: 'Bad Request' },
  });
  shippoFake = await startShippoFake();
});
afterAll(() => Promise.all([files.close(), shippoFake.close()]));

const active = { orderId: '576461413038785752', carrier: 'shippo', status: 'active' as const, format: 'PDF' as const, labelData: null };

test("downloads a Shippo label's PDF from the URL the purchase gave", async () => {
  const shippo = new ShippoCarrier({ apiKey: shippoFake.apiKey, baseUrl: shippoFake.baseUrl });
  const [rate] = await shippo.getRates(SHIPMENT);
  const bought = await shippo.buyLabel(rate, { idempotencyKey: 'shop/576461413038785752/1' });
  const file = await readLabelFile({ ...active, labelUrl: bought.labelUrl });
  expect(file.data.subarray(0, 5).toString()).toBe('%PDF-');
  expect(file).toMatchObject({ fileName: 'label-576461413038785752.pdf', mimeType: 'application/pdf' });
});

test('gives stored bytes as they are, without a download', async () => {
  const file = await readLabelFile({ ...active, carrier: 'self_ship', labelData: PDF, labelUrl: null });
  expect(file.data).toBe(PDF);
  expect(files.requests).toHaveLength(0);
});

test('reads a ZPL label (printer commands may come before ^XA) as application/zpl', async () => {
  const file = await readLabelFile({ ...active, format: 'ZPL', labelUrl: `${files.baseUrl}/label.zpl` });
  expect(file).toEqual({ data: Buffer.from(ZPL), fileName: 'label-576461413038785752.zpl', mimeType: 'application/zpl' });
});

test('refuses a file that is not in the bought format', async () => {
  const url = `${files.baseUrl}/label.png`;
  await expect(readLabelFile({ ...active, labelUrl: url })).rejects.toThrow(new CarrierError('shippo', `the label file at ${url} is not a PDF file`, { httpStatus: null, retryable: false }));
  await expect(readLabelFile({ ...active, format: 'ZPL', labelUrl: `${files.baseUrl}/label.pdf` })).rejects.toThrow(/is not a ZPL file$/);
});

test('an error answer is a CarrierError with its status, retryable only when asking again can help', async () => {
  const missing = await readLabelFile({ ...active, labelUrl: `${files.baseUrl}/gone.pdf` }).catch((error: unknown) => error);
  expect(missing).toBeInstanceOf(CarrierError);
  expect(missing).toMatchObject({ message: `shippo: GET ${files.baseUrl}/gone.pdf answered 404`, retryable: false, details: { httpStatus: 404 } });
  const busy = await readLabelFile({ ...active, labelUrl: `${files.baseUrl}/busy` }).catch((error: unknown) => error);
  expect(busy).toMatchObject({ retryable: true, details: { httpStatus: 503 } });
});

test('a download with no answer in time, or no connection, is CarrierUnavailableError', async () => {
  files.addFault({ path: '/label.pdf', kind: 'delay', ms: 1000 });
  const slow = readLabelFile({ ...active, labelUrl: `${files.baseUrl}/label.pdf` }, { timeoutMs: 50 });
  await expect(slow).rejects.toThrow(new CarrierUnavailableError('shippo', `GET ${files.baseUrl}/label.pdf had no answer within 50 ms`));
  const closed = await FakeServer.start({ routes: [], authorize: () => undefined, notFound: { status: 404 }, malformedBody: { status: 400 } });
  await closed.close();
  const url = `${closed.baseUrl}/label.pdf`;
  await expect(readLabelFile({ ...active, labelUrl: url })).rejects.toThrow(new CarrierUnavailableError('shippo', `GET ${url} failed: ECONNREFUSED`));
});

test('an unfinished purchase has no file yet', async () => {
  const pending = readLabelFile({ ...active, status: 'purchasing', labelUrl: null });
  await expect(pending).rejects.toThrow(new ShippingError('LABEL_NOT_BOUGHT', 'The label of order "576461413038785752" is purchasing: it has no file yet'));
});
