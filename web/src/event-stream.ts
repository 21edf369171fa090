/**
 * Reading a lab route that answers with Server-Sent Events (`data: {json}` messages) from a POST —
 * EventSource only does GET, so this reads fetch's body stream and splits it at blank lines.
 *
 *   await postEvents("/api/generation", { text }, (e) => …, controller.signal);
 *
 * A refusal before the stream starts (a bad field, a busy lab) rejects with the server's one-line
 * ApiError; a connection that drops before the stream's `end` event rejects with a network
 * ApiError; an `error` event rejects with its message. Aborting `signal` (the page's Stop button,
 * leaving the page) closes the connection, which stops the job on the server.
 */
import { ApiError } from "./api.ts";

export interface StreamEvent {
  type: string;
}

export async function postEvents<E extends StreamEvent>(
  path: string,
  body: unknown,
  onEvent: (event: E) => void,
  signal: AbortSignal,
): Promise<void> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if ((err as Error).name === "AbortError") return;
    throw new ApiError((err as Error).message, "network");
  }
  if (!res.ok || !res.body) {
    let message = `HTTP ${res.status}`;
    try {
      message = ((await res.json()) as { error?: { message?: string } }).error?.message ?? message;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(message, "server", res.status);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let ended = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let cut = buffer.indexOf("\n\n");
      while (cut >= 0) {
        const message = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        cut = buffer.indexOf("\n\n");
        const data = message
          .split("\n")
          .filter((line) => line.startsWith("data: "))
          .map((line) => line.slice(6))
          .join("\n");
        if (data === "") continue;
        const event = JSON.parse(data) as E & { message?: string };
        if (event.type === "error") throw new ApiError(event.message ?? "error", "server");
        if (event.type === "end") ended = true;
        onEvent(event);
      }
    }
  } catch (err) {
    if (signal.aborted) return;
    if (err instanceof ApiError) throw err;
    throw new ApiError((err as Error).message, "network");
  }
  if (!ended && !signal.aborted)
    throw new ApiError("the connection closed before the end of the stream", "network");
}
