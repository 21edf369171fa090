/**
 * Runs a streaming job as the answer of a lab route: events.ts's Server-Sent Events, each event
 * named by its `type`; an AbortSignal that aborts when the page goes away (the job stops at its next
 * step); a failure half-way sent as a last `error` event with its one-line message.
 */
import { TongguanError } from "../../errors.ts";
import { t } from "../../messages/index.ts";
import { HttpError } from "../../server/http-error.ts";
import { startEvents } from "../events.ts";
import type { LabRequest } from "../lab-route.ts";

export async function streamEvents<E extends { type: string }>(
  req: LabRequest,
  job: (send: (event: E) => void, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const abort = new AbortController();
  req.response.on("close", () => {
    if (!req.response.writableFinished) abort.abort();
  });
  const events = startEvents(req);
  try {
    await job((event) => events.send(event.type, event), abort.signal);
  } catch (err) {
    const known = err instanceof TongguanError || err instanceof HttpError;
    if (!known)
      process.stderr.write(
        `${t("web.labServer.requestFailed", {
          request: `${req.http.method} ${req.http.url}`,
          error: (err as Error)?.stack ?? String(err),
        })}\n`,
      );
    const message = known ? (err as Error).message.split("\n")[0] : t("web.streamEvents.internalError");
    events.send("error", { type: "error", message });
  } finally {
    events.end();
  }
}
