import { msSince } from '../timing';

export interface ClientRun {
  attempts: number;
  reserved: number;
  refused: number;
  elapsedMs: number;
  /** Every attempt's latency, ascending. */
  latenciesMs: number[];
}

/**
 * Makes `attempts` attempts from `clients` concurrent clients, each starting the next attempt as
 * soon as its last one ends; `attempt(i)` resolves to whether attempt i reserved.
 */
export async function runClients(attempts: number, clients: number, attempt: (index: number) => Promise<boolean>): Promise<ClientRun> {
  const latenciesMs: number[] = [];
  let next = 0;
  let reserved = 0;
  const start = process.hrtime.bigint();
  const client = async () => {
    while (next < attempts) {
      const index = next++;
      const begun = process.hrtime.bigint();
      if (await attempt(index)) reserved++;
      latenciesMs.push(msSince(begun));
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { attempts, reserved, refused: attempts - reserved, elapsedMs: msSince(start), latenciesMs: latenciesMs.sort((a, b) => a - b) };
}

/** The p-th percentile (nearest rank) of ascending values. */
export function percentile(ascending: readonly number[], p: number): number {
  return ascending[Math.max(0, Math.ceil((p / 100) * ascending.length) - 1)];
}
