// The 4x6 inch PDF label: one 288x432 pt page with the sender, the service in large type and its
// letter, the recipient, the order, weight and date, and the tracking number as a Code 128
// barcode with the number under it. Text that is too long shrinks to a minimum size, then ends in
// an ellipsis. The same content renders the same bytes: the PDF's date is the quote's.
import PDFDocument from 'pdfkit';
import { code128, CODE128_QUIET_ZONE_MODULES } from './code128';
import { truncateToFit } from './fit-text';
import type { LabelContent } from './label-content';

export const LABEL_WIDTH_PT = 288;
export const LABEL_HEIGHT_PT = 432;

const MARGIN = 10;
const INNER_WIDTH = LABEL_WIDTH_PT - 2 * MARGIN;
const ELLIPSIS = '…';
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const MONO_BOLD = 'Courier-Bold';
// The narrowest bar: at most 1.6 pt, narrower only when the number is too long for the label.
const MAX_MODULE_PT = 1.6;

interface TextSlot {
  x: number;
  y: number;
  width: number;
  font: string;
  size: number;
  /** Shrinks down to this size before cutting; `size` unless given. */
  minSize?: number;
  align?: 'left' | 'center' | 'right';
}

type Doc = PDFKit.PDFDocument;

/** Writes `text` in its slot on one line: at the largest size from `size` down to `minSize` that fits, else cut. */
function writeLine(doc: Doc, text: string, slot: TextSlot): void {
  const { x, y, width, font, size, minSize = size, align = 'left' } = slot;
  doc.font(font);
  let fontSize = size;
  while (fontSize > minSize && doc.fontSize(fontSize).widthOfString(text) > width) fontSize = Math.max(minSize, fontSize - 0.5);
  doc.fontSize(fontSize);
  const fitted = truncateToFit(text, (candidate) => doc.widthOfString(candidate) <= width, ELLIPSIS);
  const slack = width - doc.widthOfString(fitted);
  const left = align === 'center' ? x + slack / 2 : align === 'right' ? x + slack : x;
  doc.text(fitted, left, y, { lineBreak: false });
}

function rule(doc: Doc, y: number, thickness: number): void {
  doc.moveTo(MARGIN, y).lineTo(LABEL_WIDTH_PT - MARGIN, y).lineWidth(thickness).stroke();
}

function barcode(doc: Doc, text: string, y: number, height: number): void {
  const symbol = code128(text);
  const module = Math.min(MAX_MODULE_PT, INNER_WIDTH / (symbol.widthModules + 2 * CODE128_QUIET_ZONE_MODULES));
  const left = (LABEL_WIDTH_PT - symbol.widthModules * module) / 2;
  for (const bar of symbol.bars) doc.rect(left + bar.start * module, y, bar.width * module, height);
  doc.fill('black');
}

function drawLabel(doc: Doc, label: LabelContent): void {
  writeLine(doc, 'FROM', { x: MARGIN, y: MARGIN, width: 200, font: BOLD, size: 6 });
  label.from.forEach((line, i) => writeLine(doc, line, { x: MARGIN, y: 18 + i * 9, width: 200, font: REGULAR, size: 8, minSize: 6 }));

  const box = { x: 224, y: MARGIN, size: 54 };
  doc.rect(box.x, box.y, box.size, box.size).lineWidth(2).stroke();
  writeLine(doc, label.serviceLetter, { x: box.x, y: box.y + 9, width: box.size, font: BOLD, size: 40, align: 'center' });
  writeLine(doc, `ZONE ${label.zone}`, { x: box.x, y: box.y + box.size + 4, width: box.size, font: BOLD, size: 7, align: 'center' });
  rule(doc, 80, 2);

  writeLine(doc, label.serviceName, { x: MARGIN, y: 87, width: 180, font: BOLD, size: 18, minSize: 10 });
  writeLine(doc, label.transit, { x: 198, y: 91, width: 80, font: BOLD, size: 10, align: 'right' });
  rule(doc, 110, 1);

  writeLine(doc, 'SHIP TO', { x: MARGIN, y: 116, width: INNER_WIDTH, font: BOLD, size: 7 });
  writeLine(doc, label.toName, { x: MARGIN, y: 126, width: INNER_WIDTH, font: BOLD, size: 16, minSize: 9 });
  label.toLines.forEach((line, i) => writeLine(doc, line, { x: MARGIN, y: 148 + i * 16, width: INNER_WIDTH, font: REGULAR, size: 12, minSize: 8 }));
  rule(doc, 228, 1);

  writeLine(doc, 'ORDER', { x: MARGIN, y: 234, width: 160, font: BOLD, size: 6 });
  writeLine(doc, label.orderId, { x: MARGIN, y: 242, width: 160, font: BOLD, size: 10, minSize: 6 });
  writeLine(doc, 'DATE', { x: 180, y: 234, width: 98, font: BOLD, size: 6 });
  writeLine(doc, label.date, { x: 180, y: 242, width: 98, font: REGULAR, size: 10 });
  writeLine(doc, 'WEIGHT', { x: MARGIN, y: 260, width: 160, font: BOLD, size: 6 });
  writeLine(doc, label.weight, { x: MARGIN, y: 268, width: 160, font: REGULAR, size: 9 });
  rule(doc, 284, 2);

  barcode(doc, label.trackingNumber, 296, 80);
  writeLine(doc, 'TRACKING #', { x: MARGIN, y: 382, width: INNER_WIDTH, font: BOLD, size: 6, align: 'center' });
  writeLine(doc, label.trackingNumber, { x: MARGIN, y: 390, width: INNER_WIDTH, font: MONO_BOLD, size: 12, minSize: 8, align: 'center' });
  writeLine(doc, 'SELF-SHIP LABEL - PRINTED BY THE SELLER', { x: MARGIN, y: 416, width: INNER_WIDTH, font: REGULAR, size: 6, align: 'center' });
}

/** The label as a one-page PDF; `createdAt` is its document date. */
export function renderPdfLabel(label: LabelContent, createdAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [LABEL_WIDTH_PT, LABEL_HEIGHT_PT],
    margin: 0,
    info: { Title: `Shipping label ${label.trackingNumber}`, Subject: `Order ${label.orderId}`, CreationDate: createdAt },
  });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    drawLabel(doc, label);
    doc.end();
  });
}
