// The 4x6 inch label in ZPL II for Zebra-compatible thermal printers at 203 dpi (812x1218 dots):
// the PDF label's content and layout in the printer's scalable font 0, the tracking number as a
// ^BC Code 128 barcode the printer draws itself. Text is UTF-8 (^CI28); ^ ~ and _ in field data
// are hex-escaped (^FH) so a name cannot end a field or run a command.
import { code128 } from './code128';
import { truncateToFit } from './fit-text';
import type { LabelContent } from './label-content';

export const ZPL_WIDTH_DOTS = 812;
export const ZPL_HEIGHT_DOTS = 1218;

const MARGIN = 30;
const INNER_WIDTH = ZPL_WIDTH_DOTS - 2 * MARGIN;
const MODULE_DOTS = 3;
// Font 0 is proportional; 0.6 of the height is wider than its average letter, so cut text fits.
const CHAR_WIDTH_PER_HEIGHT = 0.6;

interface TextField {
  x: number;
  y: number;
  width: number;
  height: number;
  align?: 'L' | 'C' | 'R';
}

function escapeFieldData(text: string): string {
  return text.replace(/[\^~_]/g, (char) => `_${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

function textField(text: string, { x, y, width, height, align = 'L' }: TextField): string {
  const maxChars = Math.floor(width / (height * CHAR_WIDTH_PER_HEIGHT));
  const fitted = truncateToFit(text, (candidate) => Array.from(candidate).length <= maxChars, '...');
  return `^FO${x},${y}^A0N,${height},${height}^FB${width},1,0,${align}^FH^FD${escapeFieldData(fitted)}^FS`;
}

function box(x: number, y: number, width: number, height: number, thickness: number): string {
  return `^FO${x},${y}^GB${width},${height},${thickness}^FS`;
}

/** The label as a ZPL II document. */
export function renderZplLabel(label: LabelContent): Buffer {
  const barcodeWidth = code128(label.trackingNumber).widthModules * MODULE_DOTS;
  const service = { x: 632, y: MARGIN, size: 150 };
  const lines = [
    '^XA',
    '^CI28',
    `^PW${ZPL_WIDTH_DOTS}`,
    `^LL${ZPL_HEIGHT_DOTS}`,
    '^LH0,0',
    textField('FROM', { x: MARGIN, y: MARGIN, width: 560, height: 18 }),
    ...label.from.map((line, i) => textField(line, { x: MARGIN, y: 55 + i * 28, width: 560, height: 24 })),
    box(service.x, service.y, service.size, service.size, 6),
    textField(label.serviceLetter, { x: service.x, y: service.y + 20, width: service.size, height: 120, align: 'C' }),
    textField(`ZONE ${label.zone}`, { x: service.x, y: service.y + service.size + 10, width: service.size, height: 22, align: 'C' }),
    box(MARGIN, 225, INNER_WIDTH, 6, 6),
    textField(label.serviceName, { x: MARGIN, y: 245, width: 500, height: 50 }),
    textField(label.transit, { x: 560, y: 255, width: 222, height: 30, align: 'R' }),
    box(MARGIN, 310, INNER_WIDTH, 3, 3),
    textField('SHIP TO', { x: MARGIN, y: 325, width: INNER_WIDTH, height: 20 }),
    textField(label.toName, { x: MARGIN, y: 355, width: INNER_WIDTH, height: 45 }),
    ...label.toLines.map((line, i) => textField(line, { x: MARGIN, y: 415 + i * 45, width: INNER_WIDTH, height: 34 })),
    box(MARGIN, 640, INNER_WIDTH, 3, 3),
    textField('ORDER', { x: MARGIN, y: 655, width: 450, height: 18 }),
    textField(label.orderId, { x: MARGIN, y: 678, width: 450, height: 28 }),
    textField('DATE', { x: 505, y: 655, width: 277, height: 18 }),
    textField(label.date, { x: 505, y: 678, width: 277, height: 28 }),
    textField('WEIGHT', { x: MARGIN, y: 720, width: 450, height: 18 }),
    textField(label.weight, { x: MARGIN, y: 743, width: 450, height: 26 }),
    box(MARGIN, 795, INNER_WIDTH, 6, 6),
    // Mode A: the printer picks the Code 128 subsets, so the field data is the number itself.
    `^FO${Math.round((ZPL_WIDTH_DOTS - barcodeWidth) / 2)},830^BY${MODULE_DOTS}^BCN,220,N,N,N,A^FD${label.trackingNumber}^FS`,
    textField('TRACKING #', { x: MARGIN, y: 1065, width: INNER_WIDTH, height: 18, align: 'C' }),
    textField(label.trackingNumber, { x: MARGIN, y: 1090, width: INNER_WIDTH, height: 36, align: 'C' }),
    textField('SELF-SHIP LABEL - PRINTED BY THE SELLER', { x: MARGIN, y: 1165, width: INNER_WIDTH, height: 18, align: 'C' }),
    '^XZ',
  ];
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}
