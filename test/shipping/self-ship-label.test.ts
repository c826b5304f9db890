// Self-ship labels read back as a scanner and a person would: the PDF rendered to pixels has one
// 4x6 inch page whose Code 128 barcode decodes to the tracking number, and its text names the
// recipient, order and service; long text is cut, not run off the label; non-Latin names print;
// ZPL carries the same content for a 203 dpi printer.
import type { Shipment } from '../../shipping/carrier';
import { isSelfShipTrackingNumber, LABEL_HEIGHT_PT, LABEL_WIDTH_PT, ZPL_HEIGHT_DOTS, ZPL_WIDTH_DOTS } from '../../shipping/carriers/self-ship';
import { readLabelPdf } from './label-reading/read-label';
import { quoteFor, selfShip, SHIPMENT } from './self-ship-fixture';

async function buyPdf(shipment: Shipment = SHIPMENT, idempotencyKey = 'shop-1/576461413038785752/1') {
  const carrier = selfShip();
  const label = await carrier.buyLabel(await quoteFor(carrier, 'priority', shipment), { idempotencyKey });
  if (label.labelData === null) throw new Error('self-ship rendered no label');
  return { label, reading: await readLabelPdf(label.labelData) };
}

describe('PDF label', () => {
  it('is one 4x6 inch page whose barcode decodes to the tracking number', async () => {
    const { label, reading } = await buyPdf();

    expect(label.format).toBe('PDF');
    expect(label.labelData?.subarray(0, 5).toString()).toBe('%PDF-');
    expect([reading.pages, reading.widthPt, reading.heightPt]).toEqual([1, 4 * 72, 6 * 72]);
    expect([LABEL_WIDTH_PT, LABEL_HEIGHT_PT]).toEqual([288, 432]);
    expect(isSelfShipTrackingNumber(label.trackingNumber)).toBe(true);
    expect(reading.barcodes).toEqual([{ format: 'CODE_128', text: label.trackingNumber }]);
  });

  it('names sender, recipient, order, service, zone, weight, date and the tracking number in its text', async () => {
    const { label, reading } = await buyPdf();

    expect(reading.text).toEqual(
      expect.arrayContaining([
        'Creator Candles',
        'Wick & Co',
        '388 Townsend St',
        'San Francisco, CA 94107',
        'Elizabeth Swan',
        '350 5th Ave',
        'Apt 4B',
        'New York, NY 10118',
        '576461413038785752',
        'PRIORITY',
        'P',
        '2 DAYS',
        'ZONE 5',
        '2 LB 11 OZ (1.20 KG)',
        '2025-10-15',
        label.trackingNumber,
      ]),
    );
  });

  it('renders the same bytes for the same purchase, and a different barcode for another', async () => {
    const first = await buyPdf();
    const again = await buyPdf();
    const other = await buyPdf(SHIPMENT, 'shop-1/576461413038785752/2');

    expect(again.label.labelData?.equals(first.label.labelData!)).toBe(true);
    expect(other.label.trackingNumber).not.toBe(first.label.trackingNumber);
    expect(other.reading.barcodes).toEqual([{ format: 'CODE_128', text: other.label.trackingNumber }]);
  });

  it('cuts text too long for the label with an ellipsis and keeps to one page', async () => {
    const longName = 'Bartholomew Maximilian Alexander Featherstonehaugh-Cholmondeley the Third of Kensington';
    const longStreet = `${'1234 Extraordinarily Long Boulevard Name '.repeat(4)}Suite 999`;
    const { label, reading } = await buyPdf({ ...SHIPMENT, to: { ...SHIPMENT.to, name: longName, street1: longStreet } });

    expect(reading.pages).toBe(1);
    const name = reading.text.find((text) => text.startsWith('Bartholomew'));
    const street = reading.text.find((text) => text.startsWith('1234 Extraordinarily'));
    expect(name).toMatch(/^Bartholomew Maximilian .*…$/);
    expect(street).toMatch(/…$/);
    expect(name!.length).toBeLessThan(longName.length);
    expect(street!.length).toBeLessThan(longStreet.length);
    expect(reading.barcodes).toEqual([{ format: 'CODE_128', text: label.trackingNumber }]);
  });

  it('prints non-Latin names: accents kept or taken off, other scripts as "?", never a wrong glyph', async () => {
    const { label, reading } = await buyPdf({
      ...SHIPMENT,
      to: { ...SHIPMENT.to, name: 'Zoë Łukasik-Nguyễn 王小明', company: 'Иванов 🚀 ﬁne', street1: '350 5th Ave\tFl 3\n' },
    });

    expect(reading.text).toEqual(expect.arrayContaining(['Zoë Lukasik-Nguyen ???', '?????? ? fine', '350 5th Ave Fl 3']));
    expect(reading.barcodes).toEqual([{ format: 'CODE_128', text: label.trackingNumber }]);
  });
});

describe('ZPL label', () => {
  async function buyZpl(shipment: Shipment = SHIPMENT): Promise<{ zpl: string; trackingNumber: string }> {
    const carrier = selfShip({ labelFormat: 'ZPL' });
    const label = await carrier.buyLabel(await quoteFor(carrier, 'ground', shipment), { idempotencyKey: 'shop-1/576461413038785752/1' });
    expect(label.format).toBe('ZPL');
    return { zpl: label.labelData!.toString('utf8'), trackingNumber: label.trackingNumber };
  }

  it('is one 4x6 inch ZPL II label at 203 dpi whose ^BC Code 128 field is the tracking number', async () => {
    const { zpl, trackingNumber } = await buyZpl();

    expect(zpl.startsWith('^XA\n')).toBe(true);
    expect(zpl.trimEnd().endsWith('^XZ')).toBe(true);
    expect(zpl.match(/\^XA/g)).toHaveLength(1);
    expect([ZPL_WIDTH_DOTS, ZPL_HEIGHT_DOTS]).toEqual([4 * 203, 6 * 203]);
    expect(zpl).toContain(`^PW${ZPL_WIDTH_DOTS}\n^LL${ZPL_HEIGHT_DOTS}\n`);
    const barcodes = [...zpl.matchAll(/\^BC([^^]*)\^FD([^^]*)\^FS/g)];
    expect(barcodes.map(([, parameters, data]) => [parameters, data])).toEqual([['N,220,N,N,N,A', trackingNumber]]);
  });

  it('holds the PDF label text fields, with ^ ~ and _ in names hex-escaped', async () => {
    const { zpl, trackingNumber } = await buyZpl({ ...SHIPMENT, to: { ...SHIPMENT.to, name: 'Ann ^XZ~JR_x' } });
    const fields = [...zpl.matchAll(/\^FH\^FD([^^]*)\^FS/g)].map(([, data]) => data);

    expect(fields).toEqual(
      expect.arrayContaining(['Creator Candles', 'Ann _5EXZ_7EJR_5Fx', 'New York, NY 10118', '576461413038785752', 'GROUND', 'G', '5 DAYS', 'ZONE 5', '2025-10-15', trackingNumber]),
    );
    expect(zpl.match(/\^XZ/g)).toHaveLength(1);
  });

  it('cuts a field too long for its line', async () => {
    const { zpl } = await buyZpl({ ...SHIPMENT, to: { ...SHIPMENT.to, name: 'N'.repeat(200) } });
    const name = [...zpl.matchAll(/\^FH\^FD(N+\.\.\.)\^FS/g)].map(([, data]) => data);

    expect(name).toHaveLength(1);
    expect(name[0].length).toBeLessThan(60);
  });
});
