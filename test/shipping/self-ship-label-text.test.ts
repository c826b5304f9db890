// Label text: what the standard PDF fonts and a Zebra printer's font can print (Windows-1252), and
// cutting text to its place with an ellipsis.
import { truncateToFit } from '../../shipping/carriers/self-ship/fit-text';
import { labelText } from '../../shipping/carriers/self-ship/label-text';

describe('labelText', () => {
  it.each([
    ['keeps Windows-1252 text as it is', 'Zoë Müller-Ñúñez €5 “quoted” – Œuvre', 'Zoë Müller-Ñúñez €5 “quoted” – Œuvre'],
    ['takes accents off letters outside it', 'Nguyễn Łukasz Đặng Dvořák', 'Nguyen Lukasz Dang Dvorák'],
    ['composes a letter and a separate accent first', 'Jose\u0301', 'José'],
    ['prints other scripts and emoji as one "?" per character', '王小明 Иван 🚀', '??? ???? ?'],
    ['unfolds compatibility forms', 'ﬁne Ｎｏ．５', 'fine No.5'],
    ['drops invisible format characters and stray accents', 'A\u200dB\u0301C', 'ABC'],
    ['turns control characters and white space runs into one space, trimmed', '  350 5th Ave\t\tFl 3\n\r', '350 5th Ave Fl 3'],
  ])('%s', (_case, text, printed) => {
    expect(labelText(text)).toBe(printed);
  });
});

describe('truncateToFit', () => {
  const atMost = (chars: number) => (candidate: string) => candidate.length <= chars;

  it('keeps text that fits and cuts the rest to the longest beginning that fits with the ellipsis', () => {
    expect(truncateToFit('Short', atMost(10), '...')).toBe('Short');
    expect(truncateToFit('Exactly 10', atMost(10), '...')).toBe('Exactly 10');
    expect(truncateToFit('Much longer than ten', atMost(10), '...')).toBe('Much lo...');
    expect(truncateToFit('Much longer than ten', atMost(10), '…')).toBe('Much long…');
  });

  it('leaves no space before the ellipsis, and nothing when not even the ellipsis fits', () => {
    expect(truncateToFit('Ab cdefgh', atMost(6), '...')).toBe('Ab...');
    expect(truncateToFit('Anything', atMost(2), '...')).toBe('');
  });
});
