import type { bench as en } from "../en/bench.ts";

export const bench: Record<keyof typeof en, string> = {
  "bench.llamaCpp.tensorTokenEmbdWeight": "{path}：缺少张量 'token_embd.weight'",
  "bench.peers.isNotInstalledNpm":
    "{name} 没有安装：npm run bench:setup 会把对照实现安装到 bench/node_modules",
  "bench.measure.noSuchFileOr": "没有这个文件或文件夹",
  "bench.measure.needAWholeNumber": "{flag}：需要 ≥ {min} 的整数，收到 {v}",
  "bench.measure.promptTokensGenTokens":
    "--prompt-tokens + --gen-tokens = {need}，超过了模型 {contextLength} 个词元的上下文长度",
};
