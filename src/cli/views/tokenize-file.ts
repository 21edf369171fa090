/**
 * `tongguan tokenize --file PATH`: a file of any size, read as a stream of text and encoded window
 * by window (tokenizers/encode-stream.ts), so memory stays a few tens of MB plus 4 bytes a token.
 *
 *   tongguan tokenize --file corpus.txt            2861411 tokens, 10485760 characters, 10485760 bytes (corpus.txt)
 *   tongguan tokenize --file corpus.txt --json     {"ids":[…],"tokens":[…]}, written a batch at a time
 *   cat corpus.txt | tongguan tokenize --file -    standard input, read the same way
 */
import { createReadStream, statSync } from "node:fs";
import { TongguanError } from "../../errors.ts";
import { t } from "../../messages/index.ts";
import { encodeStream } from "../../tokenizers/encode-stream.ts";
import type { Tokenizer } from "../../tokenizers/types.ts";

export interface TokenizeFileFlags {
  json?: boolean;
  addSpecial?: boolean;
}

/** `path` "-" reads standard input. */
export async function tokenizeFile(
  tokenizer: Tokenizer,
  path: string,
  flags: TokenizeFileFlags,
): Promise<void> {
  const stdin = path === "-";
  if (!stdin) {
    let isFile: boolean;
    try {
      isFile = statSync(path).isFile();
    } catch {
      throw new TongguanError(t("cli.tokenizeFile.fileNoSuchFile", { path }));
    }
    if (!isFile) throw new TongguanError(t("cli.tokenizeFile.fileNotAFile", { path }));
  }
  let characters = 0;
  let bytes = 0;
  async function* text(): AsyncGenerator<string> {
    const stream = stdin
      ? process.stdin.setEncoding("utf8")
      : createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 });
    try {
      for await (const chunk of stream as AsyncIterable<string>) {
        characters += codePoints(chunk);
        bytes += Buffer.byteLength(chunk);
        yield chunk;
      }
    } catch (err) {
      throw new TongguanError(t("cli.tokenizeFile.file", { path, message: (err as Error).message }));
    }
  }
  const ids = await encodeStream(tokenizer, text(), { addSpecialTokens: flags.addSpecial });
  if (!flags.json) {
    await write(
      `${t("cli.tokenize.fileCounts", { tokens: ids.length, characters, bytes, source: stdin ? t("cli.tokenize.standardInput") : path })}\n`,
    );
    return;
  }
  const batch = 65_536;
  await write('{"ids":[');
  for (let i = 0; i < ids.length; i += batch) {
    await write((i > 0 ? "," : "") + ids.subarray(i, i + batch).join(","));
  }
  await write('],"tokens":[');
  for (let i = 0; i < ids.length; i += batch) {
    const part: string[] = [];
    for (let k = i; k < Math.min(i + batch, ids.length); k++)
      part.push(JSON.stringify(tokenizer.idToToken(ids[k]) ?? ""));
    await write((i > 0 ? "," : "") + part.join(","));
  }
  await write("]}\n");
}

/** Unicode code points in a string (a surrogate pair is one). */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c < 0xe000) n--;
  }
  return n;
}

/** Writes to standard output, waiting when its buffer is full. */
function write(s: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(s)) resolve();
    else process.stdout.once("drain", resolve);
  });
}
