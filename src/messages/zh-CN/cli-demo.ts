import type { cliDemo as en } from "../en/cli-demo.ts";

export const cliDemo: Record<keyof typeof en, string> = {
  "cli.demo.description": "离线导览：词元可视化、词向量类比，以及我们自己训练的小 GPT 生成文本",
  "cli.demo.tokens": "1. 词元 —— 文本变成 id（tongguan 自己的字节级 BPE）",
  "cli.demo.vectors": "\n2. 词向量 —— 词义可以做加减法（GloVe 6B 100d）\n",
  "cli.demo.gpt": "\n3. 我们自己的 GPT —— 106 万参数，在英王钦定本圣经上从零训练\n",
  "cli.demo.next": "\n下一步：{help}，以及章节地图 docs/chapters.zh-CN.md（英文版 docs/chapters.md）。\n",
};
