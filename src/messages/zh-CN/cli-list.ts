import type { cliList as en } from "../en/cli-list.ts";

export const cliList: Record<keyof typeof en, string> = {
  "cli.list.opt.files": "显示每个模型的文件",
  "cli.list.arg.repo": "显示这个模型（ORG/NAME）的文件",
  "cli.list.description": "列出 Hugging Face hub 缓存中的模型、它们的文件和大小",
  "cli.list.isNotInThe": "{repoId} 不在缓存（{cacheDir}）中；`tongguan pull {repoId}` 可下载",
  "cli.list.noModels": "缓存（{cacheDir}）中没有模型；`tongguan pull ORG/NAME` 可下载一个",
};
