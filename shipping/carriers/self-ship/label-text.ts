// Text as a label can print it. The PDF's standard fonts (Helvetica, Courier) and a Zebra printer's
// built-in font cover Windows-1252 (WinAnsi) only, and a US carrier reads Latin script anyway: a
// letter outside it loses its accents (Đ -> D, ő -> o) and anything else (Chinese, Cyrillic,
// emoji) prints as "?" rather than as a wrong glyph. Control characters and runs of white space
// become one space; invisible format characters (zero-width joiners) and stray accents go.

// The 27 printable characters Windows-1252 puts in 0x80-0x9F; with 0x20-0x7E and 0xA0-0xFF they make its repertoire.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
// Latin letters that NFKD does not split into a base letter and marks.
const LATIN_BASE: Readonly<Record<string, string>> = { Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ł: 'L', ł: 'l', Ŧ: 'T', ŧ: 't', ŀ: 'l', Ŀ: 'L' };

export const UNPRINTABLE = '?';

function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char);
}

function printable(char: string): string {
  if (isWinAnsi(char)) return char;
  if (char in LATIN_BASE) return LATIN_BASE[char];
  const base = char.normalize('NFKD').replace(/\p{M}/gu, '');
  if (base.length === 0) return ''; // an accent with no letter to sit on
  return [...base].every(isWinAnsi) ? base : UNPRINTABLE;
}

/** `text` in the characters a label prints, trimmed, white space collapsed. */
export function labelText(text: string): string {
  const spaced = text.normalize('NFC').replace(/\p{Cf}/gu, '').replace(/[\s\p{Cc}]+/gu, ' ').trim();
  return Array.from(spaced, printable).join('');
}
