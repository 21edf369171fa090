import type { seq2seq as en } from "../en/seq2seq.ts";

export const seq2seq: Record<keyof typeof en, string> = {
  "seq2seq.transformerSeq2seq.inputOfTokensThis": "输入有 {t} 个词元：这个模型的位置编码只到 {maxLength}",
  "seq2seq.transformerSeq2seq.translateTheInputIs": "translate：输入为空",
  "seq2seq.params.parameterIsMissingFrom": "模型中缺少参数 {name}",
  "seq2seq.params.tensorIsMissing": "{source}：缺少张量 {v2}",
  "seq2seq.params.tensorIsTheModel": "{source}：张量 {v2} 是 {dtype} [{shape}]，模型需要 f32 [{shape2}]",
  "seq2seq.tasks.numberWords.numberOnlyWholeNumbers": "数字 {n}：只能写出 0 … 99 999 999 之间的整数",
  "seq2seq.tasks.taskUnknownTaskChoose": "--task {name}：未知任务；请从 {TASK_NAMES} 中选一个",
  "seq2seq.vocab.characterIsNotIn": "{what} {text}：字符 {c} 不在这个模型的词表中",
  "seq2seq.checkpoint.notASeqSeq":
    "{dir}：不是 seq2seq 模型文件夹（没有 config.json；可用 `tongguan seq2seq train` 生成）",
  "seq2seq.checkpoint.notValidJson": "不是合法的 JSON（{message}）",
  "seq2seq.checkpoint.notATongguanSeq": '不是 tongguan 的 seq2seq 配置（应有 "format": "tongguan-seq2seq"）',
  "seq2seq.modelConfig.modelUnknownModelChoose": "--model {model}：未知模型；请从 {MODEL_NAMES} 中选一个",
  "seq2seq.modelConfig.dimChooseAWhole": "--dim {dim}：请选 4–1024 之间的整数",
  "seq2seq.modelConfig.attentionModelHasNo":
    "--attention {attention}：模型 {model} 没有注意力；请用 {model}-attention",
  "seq2seq.rnnSeq2seq.translateTheInputIs": "translate：输入为空",
};
