/**
 * The pages' one way to reach the lab's API: JSON in, JSON out, and every failure turned into an
 * `ApiError` a page can show (ui: <ErrorNote error={…} />) — never an exception that blanks the page.
 *
 *   const r = await api<TokensResponse>("/api/tokens", { text, tokenizers });
 *   const { data, error, loading } = useApi(() => api("/api/model"), []);
 */
import { useEffect, useRef, useState } from "preact/hooks";

/** Why a call failed: the server said no (its one-line message), or the server could not be reached. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly kind: "server" | "network",
    readonly status = 0,
  ) {
    super(message);
  }
}

/** An answer slower than this is given up (the page says so instead of waiting for ever). */
const TIMEOUT_MS = 120_000;

/** GET `path`, or POST `body` as JSON to it. */
export async function api<T>(path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetch(
      path,
      body === undefined
        ? { signal: both }
        : {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(body),
            signal: both,
          },
    );
  } catch (err) {
    if (timeout.aborted)
      throw new ApiError(`no answer from the lab server in ${TIMEOUT_MS / 1000} s`, "server");
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError((err as Error).message, "network");
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new ApiError(`HTTP ${res.status}: the answer is not JSON`, "server", res.status);
  }
  if (!res.ok) {
    const message = (json as { error?: { message?: string } })?.error?.message ?? `HTTP ${res.status}`;
    throw new ApiError(message, "server", res.status);
  }
  return json as T;
}

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | Error | undefined;
  loading: boolean;
}

/**
 * Runs `call` when `deps` change (after `delayMs`, so typing does not send a request per key) and
 * keeps the last answer on screen while the next one is on its way. An older answer arriving late
 * never replaces a newer one.
 */
export function useApi<T>(
  call: (signal: AbortSignal) => Promise<T>,
  deps: unknown[],
  delayMs = 0,
): ApiState<T> {
  const [state, setState] = useState<ApiState<T>>({ data: undefined, error: undefined, loading: true });
  const latest = useRef(0);
  // the caller lists what the call depends on in `deps`
  useEffect(() => {
    const ticket = ++latest.current;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      call(controller.signal).then(
        (data) => {
          if (ticket === latest.current) setState({ data, error: undefined, loading: false });
        },
        (error: Error) => {
          if (error.name === "AbortError" || ticket !== latest.current) return;
          setState((s) => ({ data: s.data, error, loading: false }));
        },
      );
    }, delayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, deps);
  return state;
}
