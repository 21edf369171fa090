/** The Hugging Face hub: downloads into the hub's own cache, shared with Python's transformers. */
export {
  type CachedFile,
  type CachedRepo,
  type CachedSnapshot,
  removeCachedRepo,
  repoDir,
  scanCache,
} from "./cache.ts";
export { type HubConfig, hubCacheDir, hubConfig } from "./config.ts";
export { filterPaths, globToRegExp, matchesAny } from "./glob.ts";
export { HubError, type HubErrorKind } from "./http.ts";
export {
  formatBytes,
  formatDuration,
  type HubProgressEvent,
  type ProgressCallback,
  TransferMeter,
} from "./progress.ts";
export { createProgressRenderer, type ProgressRenderer } from "./progress-bars.ts";
export { checkRepoId, isRepoId, repoFolderName } from "./repo-id.ts";
export {
  checkpointFiles,
  MODEL_FILES,
  type PulledFile,
  type PullOptions,
  type PullResult,
  PYTORCH_FILES,
  pullModel,
  resolveModelPath,
} from "./snapshot.ts";
