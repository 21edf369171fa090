/**
 * One long job at a time per lab: a generation or a training run holds the lab's only slot while it
 * streams. A second one is answered at once with a "busy" error (HTTP 409) naming what runs, so a
 * page never hangs waiting behind another tab.
 */
import { HttpError } from "../../server/http-error.ts";

const running = new WeakMap<object, string>();

/**
 * Takes the slot of `lab` (any object standing for one lab: its context) for `what` ("a generation",
 * "a training run"); returns the function that gives it back. Throws a 409 HttpError when taken.
 */
export function takeSlot(lab: object, what: string): () => void {
  const holder = running.get(lab);
  if (holder !== undefined)
    throw new HttpError(
      409,
      `busy: ${holder} is running in the lab (one generation or training at a time); wait for it to end or stop it`,
    );
  running.set(lab, what);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    running.delete(lab);
  };
}
