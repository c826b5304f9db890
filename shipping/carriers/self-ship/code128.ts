// The Code 128 symbol of a text as bars, for drawing as vectors: crisp at any printer resolution,
// where a bitmap scaled to the label would blur its narrow bars.
import bwipjs from 'bwip-js';

export interface Code128Symbol {
  /** Each bar's offset from the start and width, in modules (narrowest bar widths). */
  bars: Array<{ start: number; width: number }>;
  /** The whole symbol, start and stop patterns included, quiet zones excluded. */
  widthModules: number;
}

/** Quiet zone each side, in modules, that Code 128 readers need. */
export const CODE128_QUIET_ZONE_MODULES = 10;

export function code128(text: string): Code128Symbol {
  const [symbol] = bwipjs.raw('code128', text, {});
  if (symbol === undefined || !('sbs' in symbol)) throw new Error(`bwip-js drew no linear Code 128 symbol for "${text}"`);
  // sbs alternates bar and space widths, starting with a bar.
  const bars: Code128Symbol['bars'] = [];
  let offset = 0;
  symbol.sbs.forEach((width, i) => {
    if (i % 2 === 0) bars.push({ start: offset, width });
    offset += width;
  });
  return { bars, widthModules: offset };
}
