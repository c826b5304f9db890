// downloadShippingDocument: the PDF behind a doc_url from the simulator, and the failures a
// document link can meet, from a tiny server of the test's own.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { downloadShippingDocument, TikTokApiError, TikTokInputError, TikTokNetworkError, TikTokTimeoutError } from '../../tiktok/client';
import { rejectionOf, startSimulatorWithShop, type SimulatorFixture } from './client/simulator-fixture';

describe('from the simulator', () => {
  let fixture: SimulatorFixture;

  beforeAll(async () => {
    fixture = await startSimulatorWithShop();
  });
  afterAll(() => fixture.simulator.close());

  it('returns the document bytes and their media type', async () => {
    const { simulator, shop } = fixture;
    const order = simulator.addOrder(shop.shopId);
    const client = fixture.client();
    await client.shipPackage(order.packages[0].id, { handover_method: 'DROP_OFF' });
    const { doc_url } = await client.getShippingDocument(order.packages[0].id, { document_type: 'SHIPPING_LABEL' });

    const file = await downloadShippingDocument(doc_url);
    expect(file.mimeType).toBe('application/pdf');
    expect(file.data.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(file.data.toString('latin1')).toContain(`Order: ${order.id}`);
  });

  it('an expired or unknown link is a TikTokApiError with the HTTP status and no code', async () => {
    const error = await rejectionOf(downloadShippingDocument(`${fixture.simulator.baseUrl}/documents/0123456789abcdef`));
    expect(error).toBeInstanceOf(TikTokApiError);
    expect(error).toMatchObject({ code: null, httpStatus: 404, retryable: false });
    expect((error as Error).message).toMatch(/answered HTTP 404; the document link may have expired/);
  });
});

describe('from other servers', () => {
  let server: Server;
  let url: string;
  let listener: RequestListener;

  beforeEach(async () => {
    server = createServer((request, response) => listener(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/doc/label?signature=secret`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads the media type without its parameters, and none when the answer names none', async () => {
    listener = (request, response) => {
      if (request.url?.startsWith('/typed')) response.writeHead(200, { 'content-type': 'Application/PDF; charset=binary' }).end('%PDF-1.4');
      else response.writeHead(200).end('^XA^XZ');
    };
    const origin = new URL(url).origin;
    expect(await downloadShippingDocument(`${origin}/typed`)).toEqual({ data: Buffer.from('%PDF-1.4'), mimeType: 'application/pdf' });
    expect(await downloadShippingDocument(`${origin}/plain`)).toEqual({ data: Buffer.from('^XA^XZ'), mimeType: undefined });
  });

  it('a server error may succeed later: retryable', async () => {
    listener = (_request, response) => response.writeHead(503).end();
    expect(await rejectionOf(downloadShippingDocument(url))).toMatchObject({ httpStatus: 503, retryable: true });
  });

  it('a body that stalls is a TikTokTimeoutError whose message leaves the link’s query out', async () => {
    listener = (_request, response) => response.writeHead(200, { 'content-type': 'application/pdf' }).write('%PDF');
    const error = await rejectionOf(downloadShippingDocument(url, { timeoutMs: 50 }));
    expect(error).toBeInstanceOf(TikTokTimeoutError);
    expect((error as Error).message).toContain('/doc/label');
    expect((error as Error).message).not.toContain('signature');
  });

  it('a connection dropped without an answer is a TikTokNetworkError', async () => {
    listener = (request) => request.socket.destroy();
    expect(await rejectionOf(downloadShippingDocument(url))).toBeInstanceOf(TikTokNetworkError);
  });

  it('refuses a link that is not http(s) before any request', async () => {
    let requests = 0;
    listener = (_request, response) => {
      requests++;
      response.end();
    };
    const error = await rejectionOf(downloadShippingDocument('file:///etc/passwd'));
    expect(error).toBeInstanceOf(TikTokInputError);
    expect((error as Error).message).toMatch(/^docUrl: /);
    expect(requests).toBe(0);
  });
});
