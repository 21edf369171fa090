/**
 * The lab's HTTP server (node:http, no framework): the JSON API of routes/index.ts under /api/ and
 * the built pages (static-files.ts) everywhere else.
 *
 *   GET  /api/…, POST /api/…   a LabRoute's answer as JSON; errors as { "error": { "message": "…" } }
 *                              with 400 (bad field), 404 (no such route), 405, 413, 415 or 500
 *   GET  /, /app.js, …         the pages from dist/web/
 *
 * It is meant for one person's browser on the same machine: POST bodies must be JSON (a foreign page
 * cannot send a "simple" cross-site request), and while bound to loopback a request must name
 * localhost in its Host header (a DNS-rebinding page names its own host and is refused).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import { HttpError } from "../server/http-error.ts";
import type { LabContext, LabRoute } from "./lab-route.ts";
import { sendStatic } from "./static-files.ts";

export interface LabServerOptions {
  context: LabContext;
  routes: readonly LabRoute[];
  /** The built pages' folder (default dist/web). */
  webDir: string;
  /** Largest accepted JSON body, bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Where a request's failure is logged in full (default stderr). */
  log?: (line: string) => void;
}

const LOOPBACK_NAMES = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;

export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
  });
  res.end(body);
}

/** A one-line message: the first line of a longer one. */
function oneLine(message: string): string {
  return message.split("\n")[0].trim() || "error";
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json")
    throw new HttpError(415, `send the body as Content-Type: application/json${type ? `, not ${type}` : ""}`);
  if (Number(req.headers["content-length"] ?? 0) > limit)
    throw new HttpError(413, `request body over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `request body over ${limit} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `the request body is not valid JSON: ${(err as Error).message}`);
  }
}

export function createLabServer(options: LabServerOptions): Server {
  const { context, webDir } = options;
  const bodyLimit = options.bodyLimit ?? 1 << 20;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const byPath = new Map<string, LabRoute[]>();
  for (const r of options.routes) {
    if (!r.path.startsWith("/api/")) throw new Error(`lab route ${r.path}: paths start with /api/`);
    const list = byPath.get(r.path) ?? [];
    if (list.some((x) => x.method === r.method))
      throw new Error(`lab route ${r.method} ${r.path} is listed twice`);
    list.push(r);
    byPath.set(r.path, list);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://lab.invalid");
    const method = req.method ?? "GET";
    if (isLoopbackHost(context.options.host) && !LOOPBACK_NAMES.test(req.headers.host ?? ""))
      throw new HttpError(403, "the lab answers only requests addressed to localhost or 127.0.0.1");
    if (url.pathname.startsWith("/api/")) {
      const candidates = byPath.get(url.pathname);
      if (!candidates) throw new HttpError(404, `no lab API route ${url.pathname}`);
      const route = candidates.find((r) => r.method === method);
      if (!route)
        throw new HttpError(405, `use ${candidates.map((r) => r.method).join(" or ")} for ${url.pathname}`);
      const body = method === "POST" ? await readJson(req, bodyLimit) : undefined;
      const value = await route.handler(context, { body, query: url.searchParams, http: req, response: res });
      if (!res.headersSent) sendJson(res, 200, value ?? {});
      return;
    }
    if (method !== "GET" && method !== "HEAD") throw new HttpError(405, "the pages are read with GET");
    if (!sendStatic(webDir, url.pathname, res, method === "HEAD"))
      throw new HttpError(404, `no file ${url.pathname}`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      let status = 500;
      let message = "internal error in the lab server (its terminal shows the details)";
      if (err instanceof HttpError) {
        status = err.status;
        message = oneLine(err.message);
      } else if (err instanceof TongguanError) {
        status = 400;
        message = oneLine(err.message);
      } else {
        log(
          t("web.labServer.requestFailed", {
            request: `${req.method} ${req.url}`,
            error: (err as Error)?.stack ?? String(err),
          }),
        );
      }
      if (res.headersSent)
        res.end(); // a stream that failed half-way: end it, the page sees it cut
      else sendJson(res, status, { error: { message } });
    });
  });
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  return server;
}
