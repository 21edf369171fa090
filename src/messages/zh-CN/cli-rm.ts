import type { cliRm as en } from "../en/cli-rm.ts";

export const cliRm: Record<keyof typeof en, string> = {
  "cli.rm.arg.repo": "hub 仓库 id ORG/NAME",
  "cli.rm.description": "从 Hugging Face hub 缓存中删除一个模型（见 `tongguan list`）",
};
