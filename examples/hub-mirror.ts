/**
 * Reaching Hugging Face through a mirror: the hub is plain HTTPS, so a mirror is another host
 * serving the same paths. Set HF_ENDPOINT (the variable Python's huggingface_hub reads too) and
 * every URL a download asks for moves there:
 *
 *   GET {endpoint}/api/models/{repo}/revision/{rev}?blobs=true   the commit and the file list
 *   GET {endpoint}/{repo}/resolve/{commit}/{file}                 each file
 *
 *   HF_ENDPOINT=https://hf-mirror.com npx tongguan pull Qwen/Qwen2-0.5B-Instruct
 *
 * This example prints the URLs without touching the network.
 * Run: npm run example -- hub-mirror
 */
import { hubConfig, repoApiUrl, resolveUrl } from "tongguan";
import { isMain } from "./lib/common.ts";

export function main(print: (line: string) => void = console.log) {
  const repo = "Qwen/Qwen2-0.5B-Instruct";
  const files = ["config.json", "tokenizer.json", "model.safetensors"];
  const commit = "main"; // a real download first asks the API for the commit hash and uses that
  const urls: Record<string, string[]> = {};
  for (const env of [{}, { HF_ENDPOINT: "https://hf-mirror.com/" }]) {
    const { endpoint } = hubConfig({}, env);
    print(env.HF_ENDPOINT ? `HF_ENDPOINT=${env.HF_ENDPOINT}` : "HF_ENDPOINT unset (the default hub)");
    const list = [
      repoApiUrl(endpoint, repo, "main"),
      ...files.map((f) => resolveUrl(endpoint, repo, commit, f)),
    ];
    for (const url of list) print(`  GET ${url}`);
    urls[endpoint] = list;
  }
  // A mistyped endpoint is refused at once, with the variable's name, before any request.
  let error = "";
  try {
    hubConfig({}, { HF_ENDPOINT: "hf-mirror.com" });
  } catch (e) {
    error = (e as Error).message;
  }
  print(`HF_ENDPOINT=hf-mirror.com → ${error}`);
  return { urls, error, repo, files };
}

if (isMain(import.meta.url)) main();
