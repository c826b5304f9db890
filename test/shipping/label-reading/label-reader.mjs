// Reads a label PDF back the way a scanner would: renders every page to pixels and decodes the
// barcodes in them, and extracts the page text. pdfjs-dist is ESM-only, so the tests run this in
// a child process: `node label-reader.mjs <label.pdf>` prints
// { pages, widthPt, heightPt, text, barcodes: [{ format, text }] } for the first page.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import zxing from '@zxing/library';

const { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, NotFoundException, RGBLuminanceSource } = zxing;

// 3 px per point: a 1.3 pt barcode module becomes 4 px, which the reader needs to tell bars apart.
const RENDER_SCALE = 3;

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

async function readLabel(path) {
  const data = new Uint8Array(await readFile(path));
  const pdf = await getDocument({ data, standardFontDataUrl: join(pdfjsRoot, 'standard_fonts') + '/', verbosity: 0 }).promise;
  try {
    const page = await pdf.getPage(1);
    const [x0, y0, x1, y1] = page.view;
    const content = await page.getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).filter((s) => s.length > 0);
    return { pages: pdf.numPages, widthPt: x1 - x0, heightPt: y1 - y0, text, barcodes: await decodeBarcodes(pdf, page) };
  } finally {
    await pdf.destroy();
  }
}

async function decodeBarcodes(pdf, page) {
  const viewport = page.getViewport({ scale: RENDER_SCALE });
  const { canvas, context } = pdf.canvasFactory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvas, canvasContext: context, viewport }).promise;
  const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
  const luminance = new Uint8ClampedArray(width * height);
  for (let i = 0; i < luminance.length; i++) luminance[i] = (data[i * 4] * 299 + data[i * 4 + 1] * 587 + data[i * 4 + 2] * 114) / 1000;
  const reader = new MultiFormatReader();
  reader.setHints(new Map([[DecodeHintType.TRY_HARDER, true]]));
  try {
    const result = reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, width, height))));
    return [{ format: BarcodeFormat[result.getBarcodeFormat()], text: result.getText() }];
  } catch (error) {
    if (error instanceof NotFoundException) return [];
    throw error;
  }
}

const path = process.argv[2];
if (!path) {
  console.error('usage: node label-reader.mjs <label.pdf>');
  process.exit(2);
}
console.log(JSON.stringify(await readLabel(path)));
