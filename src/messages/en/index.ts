/**
 * The English catalogue, the reference one: its keys are the message keys, and every other
 * catalogue has exactly these keys with the same placeholders (test/messages/catalogue.test.ts).
 * One file per layer, and one per CLI command (cli-run.ts holds src/cli/commands/run.ts's
 * messages); a key starts with the source file that says it ("formats.gguf.…").
 */
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

export const en = {
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
} as const;

export type MessageKey = keyof typeof en;
