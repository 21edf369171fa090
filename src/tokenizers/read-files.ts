/** Reading tokenizer files with errors that name the file and what is wrong with it. */
import { readFile, stat } from "node:fs/promises";
import { fileError } from "../errors.ts";
import { t } from "../messages/index.ts";

export async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw fileError(path, t("tokenizers.readFiles.noSuchFile"));
    if (code === "EISDIR") throw fileError(path, t("tokenizers.readFiles.isAFolderExpected"));
    throw fileError(path, t("tokenizers.readFiles.cannotBeRead", { v1: code ?? String(e) }));
  }
}

export async function readText(path: string): Promise<string> {
  const bytes = await readBytes(path);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw fileError(path, t("tokenizers.readFiles.isNotValidUtf"));
  }
}

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON is checked field by field by the callers
export async function readJson(path: string): Promise<any> {
  const text = await readText(path);
  try {
    return JSON.parse(text);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw fileError(path, t("tokenizers.readFiles.isNotValidJson", { detail }));
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
