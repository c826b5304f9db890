/**
 * What an order may reserve of a stock row, as SQL: on hand − reserved, less the safety stock
 * unless the order's priority is high or urgent. One definition for every query that takes or
 * reports stock. `row` is the stock row's alias; `priority` an SQL expression for the priority.
 */
function unreserved(row: string, priority: string): string {
  return `${row}.on_hand - ${row}.reserved - CASE WHEN ${priority} IN ('high', 'urgent') THEN 0 ELSE ${row}.safety_stock END`;
}

/** The reservable quantity, never below 0 (a high-priority order may have used the safety stock). */
export function reservable(row: string, priority: string): string {
  return `GREATEST(0, ${unreserved(row, priority)})`;
}

/** The reservation test: at least `quantity` (an SQL expression) is reservable. */
export function reservableAtLeast(row: string, priority: string, quantity: string): string {
  return `${unreserved(row, priority)} >= ${quantity}`;
}
