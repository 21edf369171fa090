/**
 * Hub repository ids: "ORG/NAME" (like "Qwen/Qwen2-0.5B") or a bare legacy "NAME" (like "gpt2").
 * The cache stores a repo in one folder, "models--ORG--NAME", so "--" may not appear in an id.
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";

/** The hub's own rule (huggingface_hub's validate_repo_id): letters, digits, "-", "_", "." in one or two parts. */
const REPO_ID = /^(?:[\w.-]+\/)?[\w.-]+$/;

export function isRepoId(text: string): boolean {
  return (
    REPO_ID.test(text) &&
    !text.includes("--") &&
    !text.includes("..") &&
    text.length <= 96 &&
    !/^[.-]|[.-]$|[.-]\/|\/[.-]/.test(text)
  );
}

/** Throws a clear error unless `text` is a hub repo id. `what` names the argument in the message. */
export function checkRepoId(text: string, what = "model id"): string {
  if (!isRepoId(text)) {
    throw new TongguanError(t("hub.repoId.isNotAHub", { what, text }));
  }
  return text;
}

/** "Qwen/Qwen2-0.5B" → "models--Qwen--Qwen2-0.5B" (the folder name huggingface_hub uses). */
export function repoFolderName(repoId: string): string {
  return ["models", ...repoId.split("/")].join("--");
}

/** "models--Qwen--Qwen2-0.5B" → "Qwen/Qwen2-0.5B"; undefined for other folders (datasets, spaces, junk). */
export function repoIdFromFolder(folder: string): string | undefined {
  const parts = folder.split("--");
  if (parts[0] !== "models" || parts.length < 2 || parts.length > 3) return undefined;
  const id = parts.slice(1).join("/");
  return isRepoId(id) ? id : undefined;
}

/** A full 40-hex commit hash; anything else ("main", "v1.0", "refs/pr/1", a short hash) is a ref name. */
export function isCommitHash(revision: string): boolean {
  return /^[0-9a-f]{40}$/.test(revision);
}

/**
 * Throws a clear error unless `revision` is a commit hash or a valid git ref name (git's
 * check-ref-format rules): a revision becomes a path under `refs/`, so "../../x" must never pass.
 */
export function checkRevision(revision: string): string {
  const parts = revision.split("/");
  const bad =
    revision === "" ||
    revision === "@" ||
    revision.length > 255 ||
    /[\x00-\x20\x7f~^:?*[\\]/.test(revision) ||
    revision.includes("..") ||
    revision.includes("@{") ||
    revision.endsWith(".") ||
    parts.some((p) => p === "" || p.startsWith(".") || p.endsWith(".lock"));
  if (bad)
    throw new TongguanError(t("hub.repoId.revisionTheRevisionIs", { revision: JSON.stringify(revision) }));
  return revision;
}
