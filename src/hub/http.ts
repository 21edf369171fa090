/**
 * HTTP for the hub: fetch with the hub's manners.
 *
 * - Redirects are followed by hand (`redirect: "manual"`), because the token must not travel
 *   with them everywhere: the hub sends big (LFS) files to a CDN on another host, and the
 *   `Authorization: Bearer` header is only sent to the origin it was meant for.
 * - `Accept-Encoding: identity`, so Content-Length is the file's size, not a gzipped size.
 * - Every failure becomes a `HubError` whose message names the URL and says what to do.
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";

export type HubErrorKind = "auth" | "not-found" | "network" | "server" | "offline" | "checksum" | "protocol";

/** A hub failure the user can act on; `kind` lets callers decide (retry, fall back to the cache). */
export class HubError extends TongguanError {
  readonly kind: HubErrorKind;
  readonly status?: number;
  readonly url?: string;
  constructor(
    kind: HubErrorKind,
    message: string,
    extra: { status?: number; url?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause });
    this.kind = kind;
    this.status = extra.status;
    this.url = extra.url;
  }
  /** Network trouble and overloaded servers may pass; a 404 or a bad checksum will not. */
  get retryable(): boolean {
    return (
      this.kind === "network" ||
      (this.kind === "server" && (this.status ?? 500) >= 500) ||
      this.status === 429
    );
  }
}

export interface HubFetchOptions {
  method?: "GET" | "HEAD";
  headers?: Record<string, string>;
  /** Sent as `Authorization: Bearer <token>`, to URLs of the same origin as the first URL only. */
  token?: string;
  /** Give up when the server has not answered (headers) within this many ms. Default 30 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Return this redirect response instead of following it (used by HEAD to read the hub's headers). */
  stopAt?: (response: Response) => boolean;
  /** Statuses returned to the caller instead of thrown (the downloader handles 416 itself). */
  accept?: number[];
  /** Names the thing fetched in error messages, e.g. `file "config.json" of gpt2`. */
  what?: string;
}

const MAX_REDIRECTS = 10;

export async function hubFetch(url: string, options: HubFetchOptions = {}): Promise<Response> {
  const authOrigin = new URL(url).origin;
  const what = options.what ?? url;
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const headers: Record<string, string> = {
      "user-agent": "tongguan/0.1.0",
      "accept-encoding": "identity",
      ...options.headers,
    };
    if (options.token && new URL(current).origin === authOrigin)
      headers.authorization = `Bearer ${options.token}`;
    // fetch refuses a URL with credentials in it (a mirror behind HTTP Basic auth): send them as a header.
    const target = new URL(current);
    if (target.username || target.password) {
      headers.authorization ??= `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString("base64")}`;
      target.username = "";
      target.password = "";
    }
    // The timeout covers waiting for the answer's headers only; once they are in, the caller
    // watches the body (a big download may take an hour, as long as bytes keep coming).
    const waiting = new AbortController();
    const timer = setTimeout(
      () => waiting.abort(new DOMException("timeout", "TimeoutError")),
      options.timeoutMs ?? 30_000,
    );
    const signal = options.signal ? AbortSignal.any([options.signal, waiting.signal]) : waiting.signal;
    let response: Response;
    try {
      response = await fetch(target, {
        method: options.method ?? "GET",
        headers,
        redirect: "manual",
        signal,
      });
    } catch (err) {
      throw networkError(current, waiting.signal.aborted ? waiting.signal.reason : err);
    } finally {
      clearTimeout(timer);
    }
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      if (options.stopAt?.(response)) return response;
      await response.body?.cancel();
      const next = new URL(location, current);
      // fetch would follow a data: URL (content made up by whoever answered) or try file:; a hub never sends those.
      if (next.protocol !== "https:" && next.protocol !== "http:")
        throw new HubError(
          "protocol",
          t("hub.http.redirectsToAUrl", { what, v2: shownUrl(current), protocol: next.protocol }),
          {
            url: shownUrl(current),
          },
        );
      current = next.href;
      continue;
    }
    if (response.ok || options.accept?.includes(response.status)) return response;
    await response.body?.cancel().catch(() => {});
    throw httpError(response, current, what, Boolean(options.token));
  }
  throw new HubError(
    "protocol",
    t("hub.http.moreThanRedirectsStarting", { what, MAX_REDIRECTS, v3: shownUrl(url) }),
    {
      url: shownUrl(url),
    },
  );
}

/** Turns fetch's "fetch failed" into a sentence naming the URL and the reason (ECONNREFUSED, timeout...). */
export function networkError(url: string, err: unknown): HubError {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  let reason = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
  if (e?.name === "TimeoutError") reason = t("hub.http.noAnswer");
  if (e?.name === "AbortError") reason = t("hub.http.aborted");
  return new HubError(
    "network",
    t("hub.http.couldNotReachCheck", { v1: shownUrl(url), v2: redactCredentials(reason) }),
    { url, cause: err },
  );
}

/**
 * The hub says why in `X-Error-Code` (RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo).
 * Note that to an anonymous user it answers 401 for a repo that does not exist as well as for a
 * private one, so as not to reveal which private repos exist.
 */
export function httpError(response: Response, url: string, what: string, hasToken: boolean): HubError {
  const status = response.status;
  const code = response.headers.get("x-error-code") ?? "";
  const serverSays = response.headers.get("x-error-message");
  const detail = `HTTP ${status} at ${shownUrl(url)}${serverSays ? `: ${serverSays}` : ""}`;
  if (status === 401 || status === 403) {
    const fix = hasToken ? t("hub.http.tokenNoAccess") : t("hub.http.setToken");
    const maybe = code === "RepoNotFound" || status === 401 ? t("hub.http.orNotExist") : "";
    return new HubError("auth", t("hub.http.gatedOrPrivate", { what, maybe, fix, detail }), { status, url });
  }
  if (status === 404) {
    const which = t(
      code === "RevisionNotFound"
        ? "hub.http.noSuchRevision"
        : code === "EntryNotFound"
          ? "hub.http.noSuchFile"
          : code === "RepoNotFound"
            ? "hub.http.noSuchRepo"
            : "hub.http.noSuchAny",
    );
    return new HubError("not-found", t("hub.http.notFound", { what, which, detail }), { status, url });
  }
  return new HubError("server", t("hub.http.theServerFailed", { what, detail }), { status, url });
}

/**
 * A URL for a message: CDN links carry a signature in their query (`?Expires=…&Signature=…`),
 * a short-lived credential that has no business in logs, so such a query is cut.
 */
export function shownUrl(url: string): string {
  url = redactCredentials(url);
  const q = url.indexOf("?");
  if (q === -1 || !/signature|x-amz-|expires|key-pair-id|token/i.test(url.slice(q))) return url;
  return `${url.slice(0, q)}?…`;
}

/** `https://user:password@mirror` → `https://user:***@mirror`: a password never goes into a message. */
export function redactCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)([^/@\s:]*)(?::[^/@\s]*)?@/gi, (_m, scheme, user) =>
    user ? `${scheme}${user}:***@` : `${scheme}***@`,
  );
}
