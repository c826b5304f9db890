// A real (minimal, valid PDF 1.4) shipping label, so that what the service hands out at doc_url
// can be downloaded, stored and printed like TikTok's.

const PAGE_SIZES = { A6: [298, 420], A5: [420, 595] } as const;

/** PDF string literal: ASCII only, with backslash and parentheses escaped. */
function pdfText(text: string): string {
  return `(${text.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (char) => `\\${char}`)})`;
}

export function shippingLabelPdf(size: keyof typeof PAGE_SIZES, title: string, lines: readonly string[]): Buffer {
  const [width, height] = PAGE_SIZES[size];
  const content = [
    `1 w 12 12 ${width - 24} ${height - 24} re S`,
    `BT /F1 16 Tf 24 ${height - 44} Td ${pdfText(title)} Tj ET`,
    `BT /F1 10 Tf 14 TL 24 ${height - 72} Td`,
    ...lines.map((line) => `${pdfText(line)} Tj T*`),
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>`,
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];

  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefOffset = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
