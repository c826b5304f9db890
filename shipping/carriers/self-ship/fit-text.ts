// Text too long for its place on a label is cut and ends in an ellipsis, never run past the edge.

/**
 * `text` itself when `fits` accepts it, otherwise its longest beginning that fits with `ellipsis`
 * appended (just the ellipsis, or nothing, when not even that fits).
 */
export function truncateToFit(text: string, fits: (candidate: string) => boolean, ellipsis: string): string {
  if (fits(text)) return text;
  const chars = Array.from(text);
  // Binary search on the kept length: widths grow with it.
  let low = 0;
  let high = chars.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(chars.slice(0, middle).join('').trimEnd() + ellipsis)) low = middle;
    else high = middle - 1;
  }
  const kept = chars.slice(0, low).join('').trimEnd() + ellipsis;
  return fits(kept) ? kept : '';
}
