// Reads a label PDF back in a child process (pdfjs-dist is ESM-only; jest runs CommonJS): its page
// count and size, its text, and the barcodes found in the page rendered to pixels.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';

const labelReading = z.object({
  pages: z.number(),
  widthPt: z.number(),
  heightPt: z.number(),
  /** The first page's text items in drawing order. */
  text: z.array(z.string()),
  barcodes: z.array(z.object({ format: z.string(), text: z.string() })),
});

export type LabelReading = z.infer<typeof labelReading>;

const READER = join(__dirname, 'label-reader.mjs');

export async function readLabelPdf(pdf: Buffer): Promise<LabelReading> {
  const dir = await mkdtemp(join(tmpdir(), 'label-'));
  try {
    const path = join(dir, 'label.pdf');
    await writeFile(path, pdf);
    // process.execPath is the project's Node 24 (npm scripts and npx put it first on PATH).
    const { stdout } = await promisify(execFile)(process.execPath, [READER, path], { timeout: 30_000 });
    return labelReading.parse(JSON.parse(stdout));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
