/** 简体中文: the same keys as the English catalogue (src/messages/en/), in the course's own terms. */
import type { MessageKey } from "../en/index.ts";
import { bench } from "./bench.ts";
import { cliBench } from "./cli-bench.ts";
import { cliChat } from "./cli-chat.ts";
import { cliClassify } from "./cli-classify.ts";
import { cliConvert } from "./cli-convert.ts";
import { cliDemo } from "./cli-demo.ts";
import { cliEmbed } from "./cli-embed.ts";
import { cliFillMask } from "./cli-fill-mask.ts";
import { cliInspect } from "./cli-inspect.ts";
import { cliLab } from "./cli-lab.ts";
import { cliList } from "./cli-list.ts";
import { cliLogits } from "./cli-logits.ts";
import { cliProgram } from "./cli-program.ts";
import { cliPull } from "./cli-pull.ts";
import { cliRm } from "./cli-rm.ts";
import { cliRun } from "./cli-run.ts";
import { cliSeq2seq } from "./cli-seq2seq.ts";
import { cliServe } from "./cli-serve.ts";
import { cliTemplate } from "./cli-template.ts";
import { cliTokenize } from "./cli-tokenize.ts";
import { cliTokenizer } from "./cli-tokenizer.ts";
import { cliTrace } from "./cli-trace.ts";
import { cliTrain } from "./cli-train.ts";
import { cliVectors } from "./cli-vectors.ts";
import { embeddings } from "./embeddings.ts";
import { formats } from "./formats.ts";
import { generation } from "./generation.ts";
import { hub } from "./hub.ts";
import { instruments } from "./instruments.ts";
import { models } from "./models.ts";
import { nn } from "./nn.ts";
import { seq2seq } from "./seq2seq.ts";
import { server } from "./server.ts";
import { tensor } from "./tensor.ts";
import { tokenizers } from "./tokenizers.ts";
import { train } from "./train.ts";
import { web } from "./web.ts";

export const zhCN: Record<MessageKey, string> = {
  ...bench,
  ...cliBench,
  ...cliChat,
  ...cliClassify,
  ...cliConvert,
  ...cliDemo,
  ...cliEmbed,
  ...cliFillMask,
  ...cliInspect,
  ...cliLab,
  ...cliList,
  ...cliLogits,
  ...cliProgram,
  ...cliPull,
  ...cliRm,
  ...cliRun,
  ...cliSeq2seq,
  ...cliServe,
  ...cliTemplate,
  ...cliTokenize,
  ...cliTokenizer,
  ...cliTrace,
  ...cliTrain,
  ...cliVectors,
  ...embeddings,
  ...formats,
  ...generation,
  ...hub,
  ...instruments,
  ...models,
  ...nn,
  ...seq2seq,
  ...server,
  ...tensor,
  ...tokenizers,
  ...train,
  ...web,
};
