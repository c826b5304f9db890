import { DeadlineExceededError } from '../errors';

/** A point in time (Date.now() milliseconds) by which work must be done, and how long it allowed. */
export interface Deadline {
  at: number;
  timeoutMs: number;
}

export function deadlineIn(timeoutMs: number, now = Date.now()): Deadline {
  return { at: now + timeoutMs, timeoutMs };
}

/**
 * Settles as `work` does when it settles before `deadline`, else rejects with
 * DeadlineExceededError naming `waitingFor`. Work that succeeds later is handed to `onLate` (e.g.
 * to release a connection); work that fails later is ignored, as nobody waits for it any more.
 */
export function beforeDeadline<T>(work: Promise<T>, deadline: Deadline, waitingFor: string, onLate: (value: T) => void = () => undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new DeadlineExceededError(waitingFor, deadline.timeoutMs));
    }, Math.max(0, deadline.at - Date.now()));
    work.then(
      (value) => {
        clearTimeout(timer);
        if (late) onLate(value);
        else resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!late) reject(error);
      },
    );
  });
}
