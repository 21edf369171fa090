/**
 * A tiny Hugging Face hub for the tests, on 127.0.0.1 (port 0), speaking the endpoints tongguan
 * uses: the repo API, `resolve` (HEAD and GET, with the hub's X-Repo-Commit / X-Linked-Etag /
 * X-Linked-Size headers and a redirect to a "CDN" for LFS files), and the CDN with Range requests.
 * Knobs make it misbehave: cut a connection mid-file, corrupt bytes, ignore ranges, demand a token.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { rng } from "../helpers/random.ts";

export interface FakeFile {
  path: string;
  content: Buffer;
  /** Stored in LFS: ETag = sha256, served through the CDN redirect. */
  lfs?: boolean;
}

export interface FakeRepo {
  id: string;
  /** ref name → commit; "main" at least. */
  refs: Record<string, string>;
  files: FakeFile[];
  /** "private": 401 without the token; "gated": 403 with a wrong or missing token. */
  access?: "private" | "gated";
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
}

export function gitBlobSha1(content: Buffer): string {
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}
export function sha256(content: Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}
export function etagOf(file: FakeFile): string {
  return file.lfs ? sha256(file.content) : gitBlobSha1(file.content);
}

/** Deterministic pseudo-random bytes, so tests need no data files. */
export function bytes(n: number, seed = 1): Buffer {
  const out = Buffer.alloc(n);
  const r = rng(seed);
  for (let i = 0; i < n; i++) out[i] = Math.floor(r() * 256);
  return out;
}

export class FakeHub {
  url = "";
  /** Every request the hub and the CDN received, in order. */
  readonly requests: SeenRequest[] = [];
  /** The token private and gated repos want. */
  token = "hf_test_token";
  /** sha256 → byte count: the next CDN GET of that blob sends this many bytes, then cuts the connection. */
  readonly cutAfter = new Map<string, number>();
  /** sha256 → the CDN stalls (sends some bytes then nothing) on the next GET, once. */
  readonly stallAfter = new Map<string, number>();
  /** sha256s whose CDN bytes are served with one byte flipped. */
  readonly corrupt = new Set<string>();
  /** path → the ETag `resolve` claims for a small (git) file instead of its real one. */
  readonly lyingEtag = new Map<string, string>();
  /** Paths the listing shows but `resolve` answers 404 for. */
  readonly missing = new Set<string>();
  /** When set, the CDN sends bodies in this many pieces, `delayMs` apart (a slow but steady link). */
  trickle?: { pieces: number; delayMs: number };
  /** old repo id → new one: requests for the old id get a relative 307 to the new path, as the hub does. */
  readonly renamed = new Map<string, string>();
  /**
   * path → bytes: a mirror's answer for a small file: an opaque ETag, no Content-Length, and only
   * this many bytes of the body (a truncated file that looks complete).
   */
  readonly opaqueTruncated = new Map<string, number>();
  /** path → the ETag `resolve` sends for it as is (a mirror's ETag that is no hash, or worse). */
  readonly rawEtag = new Map<string, string>();
  /** Extra file names the repo listing shows (names a hostile hub could send). */
  readonly extraListed: string[] = [];
  /** path → a Location the resolve endpoint redirects to (data:, file: …). */
  readonly redirectTo = new Map<string, string>();
  /** When true the CDN answers 200 with the whole file even to a Range request. */
  ignoreRange = false;
  /** When set, LFS redirects point at this origin (a second server: another host for the token rule). */
  cdnOrigin?: string;
  private server?: Server;
  private readonly stalled: ServerResponse[] = [];

  /** Drops every held (stalled) response mid-body: a cut the client sees only after it read what came before. */
  cutStalled(): void {
    for (const res of this.stalled.splice(0)) res.destroy();
  }

  constructor(readonly repos: FakeRepo[]) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((ok) => this.server!.listen(0, "127.0.0.1", ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.cutStalled();
    this.server?.closeAllConnections();
    await new Promise<void>((ok) => this.server?.close(() => ok()) ?? ok());
  }

  /** Requests whose path starts with `prefix` (e.g. "/cdn/"). */
  seen(prefix: string, method?: string): SeenRequest[] {
    return this.requests.filter((r) => r.url.startsWith(prefix) && (!method || r.method === method));
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    this.requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    const url = new URL(req.url ?? "/", "http://x");
    const path = decodeURIComponent(url.pathname);
    for (const [from, to] of this.renamed) {
      for (const prefix of [`/api/models/${from}/`, `/${from}/`]) {
        if (url.pathname.startsWith(prefix)) {
          res.writeHead(307, {
            location: prefix.replace(from, to) + url.pathname.slice(prefix.length) + url.search,
          });
          return void res.end();
        }
      }
    }
    let m = /^\/api\/models\/([^/]+\/[^/]+)\/revision\/(.+)$/.exec(url.pathname);
    if (m) return this.api(req, res, m[1], decodeURIComponent(m[2]));
    m = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (m)
      return this.resolve(
        req,
        res,
        m[1],
        decodeURIComponent(m[2]),
        m[3].split("/").map(decodeURIComponent).join("/"),
      );
    m = /^\/cdn\/([0-9a-f]{64})$/.exec(path);
    if (m) return this.cdn(req, res, m[1]);
    this.fail(res, 404, "RepoNotFound");
  }

  private fail(res: ServerResponse, status: number, code?: string, extra: Record<string, string> = {}) {
    res.writeHead(status, {
      ...(code ? { "x-error-code": code } : {}),
      ...extra,
      "content-type": "text/plain",
    });
    res.end(`error ${status} ${code ?? ""}`);
  }

  /** Applies the repo's access rule; returns the repo, or undefined after answering the error. */
  private findRepo(req: IncomingMessage, res: ServerResponse, id: string): FakeRepo | undefined {
    const repo = this.repos.find((r) => r.id === id);
    const auth = req.headers.authorization;
    if (!repo) {
      this.fail(res, auth ? 404 : 401, "RepoNotFound"); // the hub hides missing repos from anonymous users
      return undefined;
    }
    if (repo.access && auth !== `Bearer ${this.token}`) {
      if (repo.access === "private") this.fail(res, 401, "RepoNotFound");
      else this.fail(res, auth ? 403 : 401, "GatedRepo");
      return undefined;
    }
    return repo;
  }

  private commitOf(repo: FakeRepo, revision: string): string | undefined {
    if (Object.values(repo.refs).includes(revision)) return revision;
    return repo.refs[revision];
  }

  private api(req: IncomingMessage, res: ServerResponse, id: string, revision: string) {
    const repo = this.findRepo(req, res, id);
    if (!repo) return;
    const commit = this.commitOf(repo, revision);
    if (!commit) return this.fail(res, 404, "RevisionNotFound");
    const siblings = [
      ...repo.files.map((f) => ({
        rfilename: f.path,
        size: f.content.length,
        blobId: gitBlobSha1(f.content),
        ...(f.lfs ? { lfs: { sha256: sha256(f.content), size: f.content.length, pointerSize: 134 } } : {}),
      })),
      ...this.extraListed.map((path) => ({ rfilename: path, size: 1 })),
    ];
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ id, modelId: id, sha: commit, siblings }));
  }

  private resolve(req: IncomingMessage, res: ServerResponse, id: string, revision: string, path: string) {
    const repo = this.findRepo(req, res, id);
    if (!repo) return;
    const commit = this.commitOf(repo, revision);
    if (!commit) return this.fail(res, 404, "RevisionNotFound");
    const file = repo.files.find((f) => f.path === path);
    if (!file || this.missing.has(path))
      return this.fail(res, 404, "EntryNotFound", { "x-repo-commit": commit });
    if (file.lfs) {
      const sha = sha256(file.content);
      res.writeHead(302, {
        location: this.cdnOrigin ? `${this.cdnOrigin}/cdn/${sha}` : `/cdn/${sha}`,
        "x-repo-commit": commit,
        "x-linked-etag": `"${sha}"`,
        "x-linked-size": String(file.content.length),
        etag: `"${gitBlobSha1(Buffer.from("pointer"))}"`, // the pointer file's etag, which must be ignored
        "content-length": "0",
      });
      return void res.end();
    }
    const redirect = this.redirectTo.get(path);
    if (redirect !== undefined) {
      res.writeHead(302, { location: redirect, "x-repo-commit": commit });
      return void res.end();
    }
    const truncated = this.opaqueTruncated.get(path);
    if (truncated !== undefined) {
      res.writeHead(200, { "x-repo-commit": commit, etag: `"mirror-${sha256(file.content).slice(0, 12)}"` });
      return void res.end(req.method === "HEAD" ? undefined : file.content.subarray(0, truncated));
    }
    const raw = this.rawEtag.get(path);
    res.writeHead(200, {
      "x-repo-commit": commit,
      etag: raw ?? `"${this.lyingEtag.get(path) ?? gitBlobSha1(file.content)}"`,
      "content-length": String(file.content.length),
    });
    res.end(req.method === "HEAD" ? undefined : file.content);
  }

  private cdn(req: IncomingMessage, res: ServerResponse, sha: string) {
    const file = this.repos.flatMap((r) => r.files).find((f) => f.lfs && sha256(f.content) === sha);
    if (!file) return this.fail(res, 404);
    let body = file.content;
    if (this.corrupt.has(sha)) {
      body = Buffer.from(body);
      body[body.length >> 1] ^= 0xff;
    }
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    if (range && !this.ignoreRange) {
      start = Number(range[1]);
      if (start >= body.length)
        return this.fail(res, 416, undefined, { "content-range": `bytes */${body.length}` });
      res.writeHead(206, {
        "content-range": `bytes ${start}-${body.length - 1}/${body.length}`,
        "content-length": String(body.length - start),
      });
    } else res.writeHead(200, { "content-length": String(body.length) });
    if (req.method === "HEAD") return void res.end();
    const rest = body.subarray(start);
    const cut = this.cutAfter.get(sha);
    if (cut !== undefined) {
      this.cutAfter.delete(sha);
      res.write(rest.subarray(0, cut), () => setTimeout(() => res.destroy(), 20));
      return;
    }
    const stall = this.stallAfter.get(sha);
    if (stall !== undefined) {
      this.stallAfter.delete(sha);
      res.write(rest.subarray(0, stall));
      this.stalled.push(res); // never ends; stop() destroys it
      return;
    }
    if (this.trickle) {
      const { pieces, delayMs } = this.trickle;
      const size = Math.ceil(rest.length / pieces);
      let i = 0;
      const next = () => {
        if (res.destroyed) return;
        if (i >= rest.length) return void res.end();
        res.write(rest.subarray(i, i + size));
        i += size;
        setTimeout(next, delayMs);
      };
      return next();
    }
    res.end(rest);
  }
}
