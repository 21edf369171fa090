/**
 * What the hub says about a repo and its files, before a byte of them is downloaded.
 *
 * - The repo: `GET /api/models/ORG/NAME/revision/REV?blobs=true` gives the commit hash the
 *   revision points to now (`sha`) and the file list (`siblings`, with sizes).
 * - A file: `HEAD /ORG/NAME/resolve/COMMIT/PATH` gives its ETag (the blob's name in the cache),
 *   its size and the commit. For an LFS file the hub answers with a redirect to its CDN, and the
 *   file's own values ride on that redirect as `X-Linked-Etag` / `X-Linked-Size`, because the
 *   plain ETag / Content-Length there would describe the redirect, not the file.
 */

import { t } from "../messages/index.ts";
import { HubError, hubFetch, shownUrl } from "./http.ts";
import { isCommitHash } from "./repo-id.ts";

export interface RepoFile {
  /** Path inside the repo, "/"-separated. */
  path: string;
  /** Bytes, when the listing says (it does with `?blobs=true`). */
  size?: number;
}

export interface RepoInfo {
  repoId: string;
  /** The commit the asked revision resolves to now: every file is then fetched at this commit. */
  commit: string;
  files: RepoFile[];
}

export interface FileMetadata {
  /** The blob's ETag without quotes or `W/`: sha256 (64 hex) for LFS files, git sha1 (40 hex) otherwise. */
  etag: string;
  size?: number;
  commit?: string;
}

interface Access {
  endpoint: string;
  token?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** `https://huggingface.co/gpt2/resolve/main/onnx/model.onnx`: each path segment URL-encoded. */
export function resolveUrl(endpoint: string, repoId: string, revision: string, path: string): string {
  const file = path.split("/").map(encodeURIComponent).join("/");
  return `${endpoint}/${repoId}/resolve/${encodeURIComponent(revision)}/${file}`;
}

export function repoApiUrl(endpoint: string, repoId: string, revision: string): string {
  return `${endpoint}/api/models/${repoId}/revision/${encodeURIComponent(revision)}?blobs=true`;
}

export async function fetchRepoInfo(access: Access, repoId: string, revision: string): Promise<RepoInfo> {
  const url = repoApiUrl(access.endpoint, repoId, revision);
  const response = await hubFetch(url, { ...access, what: `${repoId} (revision ${revision})` });
  let body: unknown;
  try {
    body = await response.json();
  } catch (err) {
    throw new HubError("protocol", t("hub.metadata.theAnswerIsNot", { v1: shownUrl(url) }), {
      url,
      cause: err,
    });
  }
  const info = body as { sha?: unknown; siblings?: unknown };
  if (typeof info.sha !== "string" || !isCommitHash(info.sha) || !Array.isArray(info.siblings)) {
    throw new HubError("protocol", t("hub.metadata.expectedIsHfEndpoint", { v1: shownUrl(url) }), {
      url,
    });
  }
  const files: RepoFile[] = [];
  for (const s of info.siblings as { rfilename?: unknown; size?: unknown; lfs?: { size?: unknown } }[]) {
    if (typeof s?.rfilename !== "string") continue;
    const size =
      typeof s.lfs?.size === "number" ? s.lfs.size : typeof s.size === "number" ? s.size : undefined;
    files.push({ path: s.rfilename, size });
  }
  return { repoId, commit: info.sha, files };
}

/** `"abc"` and `W/"abc"` → `abc` (as huggingface_hub's _normalize_etag). */
export function normalizeEtag(etag: string | null): string | undefined {
  if (!etag) return undefined;
  return etag.replace(/^W\//, "").replace(/^"|"$/g, "") || undefined;
}

export async function fetchFileMetadata(
  access: Access,
  repoId: string,
  commit: string,
  path: string,
): Promise<FileMetadata> {
  const url = resolveUrl(access.endpoint, repoId, commit, path);
  const response = await hubFetch(url, {
    ...access,
    method: "HEAD",
    what: `file "${path}" of ${repoId}`,
    // The redirect of an LFS file to the CDN carries the file's etag and size: read them there.
    // Other redirects (a renamed repo) are followed.
    stopAt: (r) => r.headers.has("x-linked-etag"),
  });
  const h = response.headers;
  const etag = normalizeEtag(h.get("x-linked-etag") ?? h.get("etag"));
  if (!etag) {
    throw new HubError("protocol", t("hub.metadata.theServerSentNo", { v1: shownUrl(url) }), {
      url,
    });
  }
  // The etag becomes a file name: refuse anything that could climb out of blobs/.
  if (!/^[\w.-]+$/.test(etag) || etag.startsWith(".")) {
    throw new HubError("protocol", t("hub.metadata.unusableEtag", { v1: shownUrl(url), etag }), { url });
  }
  const sizeText = h.get("x-linked-size") ?? h.get("content-length");
  const size = sizeText !== null && /^\d+$/.test(sizeText) ? Number(sizeText) : undefined;
  return { etag, size, commit: h.get("x-repo-commit") ?? undefined };
}
