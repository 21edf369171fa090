/**
 * Server-Sent Events for a route that streams (generation token by token, a training run's losses):
 * the handler writes through `req.response` and returns undefined (lab-route.ts).
 *
 *   const events = startEvents(req);
 *   for (const step of steps) { if (events.closed) break; events.send("token", step); }
 *   events.end();
 *
 * Each event is `event: NAME` + `data: JSON` + a blank line; the page reads them with EventSource or
 * a fetch stream. `closed` turns true when the page goes away (the tab closed, the connection lost),
 * so the work can stop.
 */
import type { LabRequest } from "./lab-route.ts";

export interface EventStream {
  send(event: string, data: unknown): void;
  end(): void;
  readonly closed: boolean;
}

export function startEvents(req: LabRequest): EventStream {
  const res = req.response;
  res.writeHead(200, {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-store",
    Connection: "keep-alive",
  });
  let closed = false;
  res.on("close", () => {
    closed = true;
  });
  return {
    send(event, data) {
      if (!closed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      if (!closed) res.end();
      closed = true;
    },
    get closed() {
      return closed;
    },
  };
}
