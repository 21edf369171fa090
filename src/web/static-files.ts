/**
 * The built pages (dist/web/, made by scripts/build-web.mjs) served as files: a content type per
 * extension, `/` → index.html, and nothing outside the folder — a path that climbs out of it
 * (`/../package.json`, `/%2e%2e/…`) or names a hidden file is refused with 404.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { packageRoot } from "../package-root.ts";

/** Where `npm run build:web` (and `npm ci`) puts the pages. */
export const BUILT_WEB_DIR = join(packageRoot, "dist", "web");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".map": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
};

export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

/**
 * The file a URL path names inside `root`, or undefined when it names none (or tries to leave `root`).
 *
 *   fileFor("/web", "/")               → "/web/index.html"
 *   fileFor("/web", "/app.js")         → "/web/app.js"
 *   fileFor("/web", "/../secret")      → undefined
 */
export function fileFor(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined; // a malformed %-escape
  }
  if (decoded.includes("\0")) return undefined;
  const parts = decoded.split(/[/\\]+/).filter((p) => p !== "");
  if (parts.some((p) => p === ".." || p.startsWith("."))) return undefined;
  const base = resolve(root);
  const file = normalize(join(base, ...(parts.length === 0 ? ["index.html"] : parts)));
  if (!file.startsWith(base + sep)) return undefined;
  if (!existsSync(file) || !statSync(file).isFile()) return undefined;
  return file;
}

/** The page shown when the pages were never built (an install with scripts turned off). */
const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>tongguan lab</title>
<p>The lab's pages are not built. Run <code>npm run build:web</code> in tongguan's folder, then reload.
The API answers under <code>/api/</code>.</p>
<p>实验室的页面尚未构建。请在 tongguan 目录下运行 <code>npm run build:web</code>，然后刷新。</p>`;

/** Sends the file `urlPath` names under `root`; false when there is none (the caller sends 404). */
export function sendStatic(root: string, urlPath: string, res: ServerResponse, head = false): boolean {
  const file = fileFor(root, urlPath);
  if (!file) {
    if ((urlPath === "/" || urlPath === "/index.html") && !existsSync(join(root, "index.html"))) {
      res.writeHead(200, { "Content-Type": TYPES[".html"], "Cache-Control": "no-store" });
      res.end(head ? undefined : NOT_BUILT);
      return true;
    }
    return false;
  }
  const body = readFileSync(file);
  res.writeHead(200, {
    "Content-Type": contentType(file),
    "Content-Length": body.length,
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
  });
  res.end(head ? undefined : body);
  return true;
}
