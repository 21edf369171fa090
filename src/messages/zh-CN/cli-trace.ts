import type { cliTrace as en } from "../en/cli-trace.ts";

export const cliTrace: Record<keyof typeof en, string> = {
  "cli.trace.opt.json": "以 JSON 输出整个跟踪（或 --tensor 指定的张量）",
  "cli.trace.opt.tokenizer": "分词器（默认：模型自带的）",
  "cli.trace.opt.tensor": "以 JSON 输出这个有名字的张量（attn_norm、q、k、v、attn_probs、ffn_out、l_out……）",
  "cli.trace.opt.head": "放大显示的注意力头（默认 0）",
  "cli.trace.opt.layer": "要显示的层（默认 0）",
  "cli.trace.arg.text": "要运行的文本",
  "cli.trace.arg.model": "模型文件夹、.gguf、llama2.c .bin 或 hub id",
  "cli.trace.description": "观察一次前向传播的内部：注意力热力图、每层的范数、任意有名字的张量",
  "cli.trace.isOutsideTheModel": "{flag}：{v} 超出 0..{v3}（该模型有 {count} 个{what}）",
  "cli.trace.textItIsEmpty": "text：文本为空，分词器也没有加任何词元",
  "cli.trace.header":
    "{architecture}：{tokens} 个词元，{layers} 层 × {heads} 个头{kv}，头大小 {headDim}；{mask}",
  "cli.trace.kvHeads": "（{kvHeads} 个键/值头）",
  "cli.trace.causal": "因果掩码（· = 被遮住：词元看不到它后面的词元）",
  "cli.trace.bidirectional": "双向",
  "cli.trace.tokens": "词元：{tokens}",
  "cli.trace.heatmapTitle":
    "第 {layer} 层，第 {head} 个头 —— 第 i 行：词元 i 如何把注意力分配给词元 0..{last}（每行之和为 1）",
  "cli.trace.allHeads": "\n第 {layer} 层，全部 {heads} 个头：\n",
  "cli.trace.normsTitle": "\n每层的范数（对位置取平均）：残差流 ‖x‖、注意力输出、前馈网络输出\n",
  "cli.trace.namedTensors": "\n有名字的张量（--tensor NAME --layer L --json）：{names}\n",
  "cli.trace.layers": "层",
  "cli.trace.heads": "头",
};
