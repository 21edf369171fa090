/**
 * `pullModel("Qwen/Qwen2-0.5B")`: a whole repo (or the files matching --include) into the cache,
 * and `resolveModelPath(idOrPath)`: what the rest of tongguan calls to turn a model argument into
 * a local folder.
 *
 * The revision ("main") is resolved to a commit hash once, and every file is fetched at that
 * commit, so a push to the repo during the download cannot mix two versions. `refs/<revision>`
 * is written last: a ref in the cache means that snapshot was completed at least once.
 */
import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import {
  blobPath,
  cachedCommit,
  linkBlob,
  pointerPath,
  repoDir,
  scanRepo,
  snapshotDir,
  writeRef,
} from "./cache.ts";
import { type HubConfig, hubConfig } from "./config.ts";
import { downloadBlob } from "./download.ts";
import { filterPaths } from "./glob.ts";
import { HubError } from "./http.ts";
import { withLock } from "./lock.ts";
import { fetchFileMetadata, fetchRepoInfo, resolveUrl } from "./metadata.ts";
import type { ProgressCallback } from "./progress.ts";
import { checkRepoId, checkRevision, isRepoId, repoFolderName } from "./repo-id.ts";

export interface PullOptions extends Partial<HubConfig> {
  /** Branch, tag or commit hash. Default "main". */
  revision?: string;
  /** fnmatch-style patterns (see glob.ts); only matching files are fetched. Default: all files. */
  include?: readonly string[];
  exclude?: readonly string[];
  onProgress?: ProgressCallback;
  /** Files downloaded at the same time. Default 4. */
  concurrency?: number;
  /** Retries per file after a broken connection. Default 3. */
  retries?: number;
  /** Give up on a request when the server does not answer in this long. Default 30 s. */
  timeoutMs?: number;
  /** Abort (and resume) a download when no byte arrives for this long. Default 30 s. */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  /** Set by resolveModelPath when `include` is its default (MODEL_FILES), for a clearer error. */
  defaultInclude?: boolean;
}

/**
 * The files a Hugging Face checkpoint is loaded from (GPT-2, BERT, Qwen2, Llama): its config,
 * tokenizer and chat template, and the safetensors weights, single or sharded. Top-level names
 * only, so copies in subfolders (onnx/, original/) are not fetched.
 */
export const MODEL_FILES: readonly string[] = [
  "config.json",
  "generation_config.json",
  "tokenizer.json",
  "tokenizer_config.json",
  "special_tokens_map.json",
  "added_tokens.json",
  "vocab.json",
  "vocab.txt",
  "merges.txt",
  "tokenizer.model",
  "chat_template.json",
  "chat_template.jinja",
  "model.safetensors",
  "model.safetensors.index.json",
  "model-[0-9]*-of-[0-9]*.safetensors",
];

/**
 * PyTorch's checkpoint files, single or sharded: fetched with `MODEL_FILES` only where a repo has
 * no safetensors weights (older repos such as bert-base-chinese or ChatGLM3's first revisions);
 * formats/weights-folder.ts reads them without running their pickle.
 */
export const PYTORCH_FILES: readonly string[] = [
  "pytorch_model.bin",
  "pytorch_model.bin.index.json",
  "pytorch_model-[0-9]*-of-[0-9]*.bin",
];

const SAFETENSORS_FILES = MODEL_FILES.filter((f) => f.includes(".safetensors"));

/**
 * The default files of a repo that lists `paths`: `MODEL_FILES`, plus `PYTORCH_FILES` when no
 * safetensors weights are there, as transformers falls back to `pytorch_model.bin`.
 *
 *   checkpointFiles(["config.json", "model.safetensors", "pytorch_model.bin"])   // MODEL_FILES
 *   checkpointFiles(["config.json", "pytorch_model.bin"])                        // MODEL_FILES + PYTORCH_FILES
 */
export function checkpointFiles(paths: readonly string[]): readonly string[] {
  return filterPaths(paths, SAFETENSORS_FILES).length > 0 ? MODEL_FILES : [...MODEL_FILES, ...PYTORCH_FILES];
}

export interface PulledFile {
  path: string;
  size: number;
  /** True when it was already in the cache. */
  cached: boolean;
}

export interface PullResult {
  repoId: string;
  commit: string;
  /** `…/models--ORG--NAME/snapshots/<commit>`: the folder to load the model from. */
  snapshot: string;
  files: PulledFile[];
}

/** Downloads what is missing of a repo at a revision and returns its snapshot folder. */
export async function pullModel(repoId: string, options: PullOptions = {}): Promise<PullResult> {
  checkRepoId(repoId);
  const revision = checkRevision(options.revision ?? "main");
  const config = hubConfig(options);
  if (config.offline) return cachedSnapshot(config, repoId, revision, options, t("hub.snapshot.offline"));
  const access = {
    endpoint: config.endpoint,
    token: config.token,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  };
  const info = await fetchRepoInfo(access, repoId, revision);
  const repoPaths = info.files.map((f) => f.path);
  const paths = filterPaths(
    repoPaths,
    options.defaultInclude ? checkpointFiles(repoPaths) : options.include,
    options.exclude,
  );
  if (paths.length === 0) {
    throw noMatchError(
      repoId,
      revision,
      info.files.map((f) => f.path),
      options,
    );
  }
  checkRepoPaths(
    repoId,
    info.files.map((f) => f.path),
  );
  const sizes = new Map(info.files.map((f) => [f.path, f.size]));
  const planned = paths.map((path) => ({ path, size: sizes.get(path) }));
  const emit = options.onProgress ?? (() => {});
  emit({
    status: "plan",
    repoId,
    commit: info.commit,
    files: planned,
    total: planned.reduce((sum, f) => sum + (f.size ?? 0), 0),
  });

  const repo = repoDir(config.cacheDir, repoId);
  const downloads = new Map<string, Promise<void>>();
  const fetchOne = async (path: string): Promise<PulledFile> => {
    emit({ status: "initiate", repoId, file: path });
    const pointer = pointerPath(repo, info.commit, path);
    const existing = await stat(pointer).catch(() => undefined); // follows the link: a dangling one is missing
    if (existing?.isFile()) {
      emit({ status: "done", repoId, file: path, size: existing.size, cached: true });
      return { path, size: existing.size, cached: true };
    }
    const meta = await fetchFileMetadata(access, repoId, info.commit, path);
    // A mirror may send an opaque ETag and no size: the listing's size still tells a truncated file.
    const listed = sizes.get(path);
    if (meta.size !== undefined && listed !== undefined && meta.size !== listed)
      throw new HubError(
        "protocol",
        t("hub.snapshot.fileOfTheRepo", { path, repoId, listed, metaSize: meta.size }),
      );
    const size = meta.size ?? listed;
    const blob = blobPath(repo, meta.etag);
    let cached = existsSync(blob); // the same content was already fetched for another commit or file
    if (!cached) {
      // Two paths with the same content (same etag) share one blob: download it once.
      let download = downloads.get(meta.etag);
      if (!download) {
        const lock = join(config.cacheDir, ".locks", repoFolderName(repoId), `${meta.etag}.lock`);
        download = withLock(
          lock,
          async () => {
            // Another process may have fetched it while this one waited for the lock.
            if (existsSync(blob)) {
              cached = true;
              return;
            }
            await downloadBlob({
              url: resolveUrl(config.endpoint, repoId, info.commit, path),
              blob,
              etag: meta.etag,
              size,
              token: config.token,
              retries: options.retries,
              timeoutMs: options.timeoutMs,
              idleTimeoutMs: options.idleTimeoutMs,
              signal: options.signal,
              what: `file "${path}" of ${repoId}`,
              onStart: ({ total, resumedFrom }) =>
                emit({ status: "download", repoId, file: path, total, resumedFrom }),
              onBytes: (loaded, total) => emit({ status: "progress", repoId, file: path, loaded, total }),
              onRetry: (attempt, reason) => emit({ status: "retry", repoId, file: path, attempt, reason }),
            });
          },
          options.signal,
        );
        downloads.set(meta.etag, download);
      }
      await download;
    }
    await linkBlob(repo, info.commit, path, meta.etag);
    const onDisk = (await stat(blob)).size;
    emit({ status: "done", repoId, file: path, size: onDisk, cached });
    return { path, size: onDisk, cached };
  };

  const files = await inPool(paths, options.concurrency ?? 4, fetchOne);
  await writeRef(repo, revision, info.commit);
  const snapshot = snapshotDir(repo, info.commit);
  emit({ status: "ready", repoId, commit: info.commit, snapshot });
  return { repoId, commit: info.commit, snapshot, files };
}

/**
 * The model argument of every tongguan command: a local file or folder is returned as given;
 * a hub id ("ORG/NAME") is found in the cache or downloaded, and its snapshot folder returned.
 * When the hub cannot be reached but the revision is cached, the cached snapshot is used
 * (reported as an "offline" progress event), as transformers does.
 *
 * Without `include`, only the files a Hugging Face checkpoint is loaded from are fetched
 * (`MODEL_FILES`: configs, tokenizer files, safetensors weights — or `pytorch_model*.bin` where
 * the repo has no safetensors), not the repo's other copies of the weights (onnx/, GGUF files); pass `include: ["*"]` for everything, or
 * e.g. `include: ["*Q8_0.gguf"]` for one file of a GGUF repo.
 *
 *   await resolveModelPath("./my-gpt2")                 // "./my-gpt2"
 *   await resolveModelPath("openai-community/gpt2")     // "~/.cache/huggingface/hub/models--openai-community--gpt2/snapshots/607a30d7…"
 */
export async function resolveModelPath(idOrPath: string, options: PullOptions = {}): Promise<string> {
  if (existsSync(idOrPath)) return idOrPath;
  if (!isRepoId(idOrPath) || /^[.~]/.test(idOrPath)) {
    throw new TongguanError(t("hub.snapshot.modelNoSuchFile", { idOrPath }));
  }
  if (options.include === undefined) options = { ...options, include: MODEL_FILES, defaultInclude: true };
  try {
    return (await pullModel(idOrPath, options)).snapshot;
  } catch (err) {
    if (!(err instanceof HubError && err.kind === "network")) throw err;
    const config = hubConfig(options);
    return (
      await cachedSnapshot(config, idOrPath, options.revision ?? "main", options, err.message).catch(() => {
        throw err; // nothing cached either: the network error is the one to report
      })
    ).snapshot;
  }
}

/** The cached snapshot of a revision, without the network; a clear error when it is not there. */
async function cachedSnapshot(
  config: HubConfig,
  repoId: string,
  revision: string,
  options: PullOptions,
  reason: string,
): Promise<PullResult> {
  const repo = repoDir(config.cacheDir, repoId);
  checkRevision(revision);
  const commit = await cachedCommit(repo, revision);
  const snapshot = commit ? snapshotDir(repo, commit) : undefined;
  if (!commit || !snapshot || !existsSync(snapshot)) {
    throw new HubError(
      "offline",
      t("hub.snapshot.andRevisionIsNot", { reason, repoId, revision, cacheDir: config.cacheDir }),
    );
  }
  const found = (await scanRepo(repo, repoId)).snapshots.find((s) => s.commit === commit)?.files ?? [];
  const cachedPaths = found.map((f) => f.path);
  const files = filterPaths(
    cachedPaths,
    options.defaultInclude ? checkpointFiles(cachedPaths) : options.include,
    options.exclude,
  );
  if ((options.include?.length ?? 0) > 0 && files.length === 0) {
    const wanted = options.defaultInclude ? "a checkpoint file" : `--include ${options.include!.join(" ")}`;
    throw new HubError("offline", t("hub.snapshot.andNoCachedFile", { reason, repoId, revision, wanted }));
  }
  const sizes = new Map(found.map((f) => [f.path, f.size]));
  options.onProgress?.({ status: "offline", repoId, snapshot, reason });
  return {
    repoId,
    commit,
    snapshot,
    files: files.map((path) => ({ path, size: sizes.get(path) ?? 0, cached: true })),
  };
}

/**
 * File names from the server become paths on disk: refuse any that would leave the snapshot, that
 * no file system takes (NUL and control characters, a part over 255 bytes), or that would need one
 * name to be a file and a folder at once ("a" beside "a/b").
 */
function checkRepoPaths(repoId: string, paths: string[]): void {
  const unsafe = (path: string, why: string) =>
    new HubError("protocol", t("hub.snapshot.theHubListsAn", { repoId, path: JSON.stringify(path), why }));
  const files = new Set(paths);
  for (const path of paths) {
    const parts = path.split("/");
    if (path.startsWith("/") || path.includes("\\") || parts.some((p) => p === ".." || p === "." || p === ""))
      throw unsafe(path, t("hub.snapshot.itLeavesTheSnapshot"));
    if (/[\x00-\x1f\x7f]/.test(path)) throw unsafe(path, t("hub.snapshot.aControlCharacter"));
    if (parts.some((p) => Buffer.byteLength(p) > 255)) throw unsafe(path, t("hub.snapshot.aPartLongerThan"));
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join("/");
      if (files.has(folder)) throw unsafe(path, t("hub.snapshot.isAFileToo", { folder }));
    }
  }
}

function noMatchError(repoId: string, revision: string, all: string[], options: PullOptions): TongguanError {
  const shown =
    all.slice(0, 12).join(", ") + (all.length > 12 ? t("hub.snapshot.moreFiles", { count: all.length }) : "");
  if (options.defaultInclude) {
    return new TongguanError(
      t("hub.snapshot.revisionHoldsNoHugging", { repoId, revision, v3: shown || t("hub.snapshot.noFiles") }),
    );
  }
  const filters = [
    ...(options.include ?? []).map((g) => `--include ${g}`),
    ...(options.exclude ?? []).map((g) => `--exclude ${g}`),
  ].join(" ");
  return new TongguanError(
    t("hub.snapshot.revisionNoFileMatches", {
      repoId,
      revision,
      v3: filters || t("hub.snapshot.noFilter"),
      v4: shown || t("hub.snapshot.noFiles"),
    }),
  );
}

/** Runs `work` over `items`, at most `limit` at a time; after the first failure no new item starts. */
async function inPool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { err: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const i = next++;
      try {
        results[i] = await work(items[i]);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.err;
  return results;
}
