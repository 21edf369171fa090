/**
 * The hub cache, laid out exactly as Python's huggingface_hub lays it out, so a model that
 * transformers downloaded is found here and the other way round:
 *
 *   $HF_HUB_CACHE/models--Qwen--Qwen2-0.5B/
 *     blobs/<etag>                      file contents, named by their ETag: the sha256 for LFS
 *                                       files, the git blob sha1 for small ones
 *     blobs/<etag>.incomplete           a download in progress (resumed from where it stopped)
 *     refs/main                         text file: the commit hash "main" pointed to
 *     snapshots/<commit>/config.json -> ../../blobs/<etag>   one symlink per file and commit
 *
 * A blob is written once and shared by every commit whose file has the same content.
 */
import { existsSync } from "node:fs";
import {
  copyFile,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  unlink,
  writeFile,
} from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import { isCommitHash, repoFolderName, repoIdFromFolder } from "./repo-id.ts";

export function repoDir(cacheDir: string, repoId: string): string {
  return join(cacheDir, repoFolderName(repoId));
}
export function blobPath(repo: string, etag: string): string {
  return join(repo, "blobs", etag);
}
export function snapshotDir(repo: string, commit: string): string {
  return join(repo, "snapshots", commit);
}
/** The snapshot entry of a repo file; `path` uses "/" as the hub does. */
export function pointerPath(repo: string, commit: string, path: string): string {
  return join(snapshotDir(repo, commit), ...path.split("/"));
}

/** The commit a ref ("main", "v1.0", "refs/pr/1") pointed to when last seen, if it was ever seen. */
export async function readRef(repo: string, revision: string): Promise<string | undefined> {
  try {
    const commit = (await readFile(join(repo, "refs", ...revision.split("/")), "utf8")).trim();
    return isCommitHash(commit) ? commit : undefined;
  } catch {
    return undefined;
  }
}

/** Records `revision → commit` (nothing to record when the revision already is the commit). */
export async function writeRef(repo: string, revision: string, commit: string): Promise<void> {
  if (revision === commit) return;
  const file = join(repo, "refs", ...revision.split("/"));
  await mkdir(dirname(file), { recursive: true });
  // No newline: huggingface_hub writes the bare hash and compares it byte for byte.
  await writeFile(file, commit);
}

/** The commit a revision names in the cache: the hash itself, or what its ref file says. */
export async function cachedCommit(repo: string, revision: string): Promise<string | undefined> {
  if (isCommitHash(revision)) return revision;
  return readRef(repo, revision);
}

/**
 * Points snapshots/<commit>/<path> at blobs/<etag> with a relative symlink (so the cache can be
 * moved), "../../blobs/<etag>" for a top-level file and one more "../" per folder level.
 * Where symlinks are not allowed (Windows without developer mode) the blob is copied instead.
 */
export async function linkBlob(repo: string, commit: string, path: string, etag: string): Promise<string> {
  const pointer = pointerPath(repo, commit, path);
  const blob = blobPath(repo, etag);
  await mkdir(dirname(pointer), { recursive: true });
  await unlink(pointer).catch(() => {});
  try {
    await symlink(relative(dirname(pointer), blob), pointer);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") throw err;
    await copyFile(blob, pointer);
  }
  return pointer;
}

export interface CachedFile {
  /** Path inside the repo, with "/". */
  path: string;
  /** Bytes of the blob it points to (0 when the link is broken). */
  size: number;
  /** The blob's name (its etag), or undefined for a plain file or a broken link. */
  blob?: string;
}

export interface CachedSnapshot {
  commit: string;
  /** Refs that point at this commit ("main", ...). */
  refs: string[];
  files: CachedFile[];
}

export interface CachedRepo {
  repoId: string;
  dir: string;
  snapshots: CachedSnapshot[];
  /** Bytes of all complete blobs: what deleting the repo frees, counted once per blob. */
  sizeOnDisk: number;
  /** Bytes held by unfinished downloads (`*.incomplete`). */
  incompleteBytes: number;
}

/** Every model repo in the cache (datasets and spaces are left out), sorted by id. */
export async function scanCache(cacheDir: string): Promise<CachedRepo[]> {
  const folders = await readdir(cacheDir).catch(() => [] as string[]);
  const repos: CachedRepo[] = [];
  for (const folder of folders.sort()) {
    const repoId = repoIdFromFolder(folder);
    if (repoId) repos.push(await scanRepo(join(cacheDir, folder), repoId));
  }
  return repos;
}

/** One repo's snapshots, refs and blob sizes. */
export async function scanRepo(dir: string, repoId: string): Promise<CachedRepo> {
  const refs = await listRefs(join(dir, "refs"));
  const snapshots: CachedSnapshot[] = [];
  for (const commit of (await readdir(join(dir, "snapshots")).catch(() => [] as string[])).sort()) {
    const files = await listSnapshotFiles(join(dir, "snapshots", commit));
    const names = [...refs].filter(([, c]) => c === commit).map(([name]) => name);
    snapshots.push({ commit, refs: names, files });
  }
  let sizeOnDisk = 0;
  let incompleteBytes = 0;
  for (const name of await readdir(join(dir, "blobs")).catch(() => [] as string[])) {
    const size = (await stat(join(dir, "blobs", name)).catch(() => undefined))?.size ?? 0;
    if (name.endsWith(".incomplete")) incompleteBytes += size;
    else if (!name.endsWith(".lock")) sizeOnDisk += size;
  }
  return { repoId, dir, snapshots, sizeOnDisk, incompleteBytes };
}

async function listRefs(dir: string, prefix = ""): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const name = prefix + entry.name;
    if (entry.isDirectory()) {
      for (const [k, v] of await listRefs(join(dir, entry.name), `${name}/`)) out.set(k, v);
    } else {
      const commit = (await readFile(join(dir, entry.name), "utf8").catch(() => "")).trim();
      if (isCommitHash(commit)) out.set(name, commit);
    }
  }
  return out;
}

async function listSnapshotFiles(dir: string, prefix = ""): Promise<CachedFile[]> {
  const files: CachedFile[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    const path = prefix + entry.name;
    if (entry.isDirectory()) {
      files.push(...(await listSnapshotFiles(full, `${path}/`)));
      continue;
    }
    const target = await stat(full).catch(() => undefined); // follows the link
    const isLink = (await lstat(full)).isSymbolicLink();
    const blob = isLink && target ? await readBlobName(full) : undefined;
    files.push({ path, size: target?.size ?? 0, blob });
  }
  return files;
}

async function readBlobName(link: string): Promise<string | undefined> {
  const target = await readlink(link);
  const parts = target.split(/[\\/]/);
  return parts.at(-2) === "blobs" ? parts.at(-1) : undefined;
}

/** Deletes a repo's folder (all its snapshots and blobs); a clear error if it is not cached. */
export async function removeCachedRepo(cacheDir: string, repoId: string): Promise<CachedRepo> {
  const dir = repoDir(cacheDir, repoId);
  const exists = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!exists) {
    throw new TongguanError(t("hub.cache.isNotInThe", { repoId, cacheDir }));
  }
  const info = await scanRepo(dir, repoId);
  await rm(dir, { recursive: true, force: true });
  // A pull writing into it meanwhile would leave files behind: never report a deletion that did not happen.
  if (existsSync(dir)) throw new TongguanError(t("hub.cache.couldNotBeDeleted", { repoId, dir }));
  // huggingface_hub keeps its download locks in .locks/<repo folder>: they go with the repo.
  await rm(join(cacheDir, ".locks", repoFolderName(repoId)), { recursive: true, force: true });
  return info;
}
