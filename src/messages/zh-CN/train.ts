import type { train as en } from "../en/train.ts";

export const train: Record<keyof typeof en, string> = {
  "train.gptTrainer.dimIsNotDivisible": "--dim {dim} 不能被 --heads {heads} 整除",
  "train.gptTrainer.dimHeadsRopeNeeds": "--dim/--heads = {headDim}：RoPE 需要偶数的头宽度",
  "train.batches.batches": "--batches {path}：{v2}",
  "train.batches.batchesNoBatchesIn": "--batches {path}：文件中没有批次",
  "train.batches.notValidJson": "{where}：不是合法的 JSON",
  "train.batches.inputsAreButTargets": "{where}：inputs 是 {batch}×{steps}，而 targets 是 {batch2}×{steps2}",
  "train.batches.rowsOfIdsExceed": "{where}：每行 {steps} 个 id，超过了模型 {contextLength} 的上下文",
  "train.batches.mustBeANon": "{where}：必须是非空的数组，每行是一组 id",
  "train.batches.rowsAreEmpty": "{where}：行是空的",
  "train.batches.raggedRowsRowHas":
    "{where}：各行长度不齐（第 0 行有 {steps} 个 id，第 {r} 行有 {rowLength} 个）",
  "train.batches.idAtRowPosition": "{where}：第 {r} 行第 {t} 个位置的 id {id} 超出词表范围 0..{v5}",
  "train.resume.cannotResume": "{path}：无法继续训练：{message}",
  "train.resume.tensorIsMissingCannot": "{path}：缺少张量 '{key}'；无法继续训练",
  "train.checkpoint.fromNotAFolder": "--from {dir}：不是文件夹",
  "train.checkpoint.fromNoConfigJson":
    "--from {dir}：没有 config.json（需要包含 config.json 和 model.safetensors 的 Hugging Face 文件夹）",
  "train.models.parameters.trainingBertIsAn": "训练：bert 是编码器；tongguan 训练 gpt2、llama 和 qwen2",
  "train.models.parameters.trainingQwenQK": "训练：这里不训练 qwen3（q/k 归一化）；支持 gpt2、llama 和 qwen2",
  "train.models.parameters.trainingUsesActivationThe":
    "训练：{what} 使用激活函数 '{activation}'；GPT-2 计算图训练的是 gelu_new（tanh）",
  "train.models.parameters.trainingUsesHiddenAct":
    "训练：{what} 使用 hidden_act '{activation}'；Llama 计算图训练的是 silu",
  "train.models.parameters.trainingHasRopeScaling":
    "训练：{what} 有 rope_scaling '{ropeScalingType}'，训练不会应用它",
  "train.models.parameters.tensorIsMissing": "{source}：缺少张量 '{specName}'",
  "train.models.parameters.tensorHasShapeThe":
    "{source}：张量 '{specName}' 的形状为 [{shape}]，而配置说是 [{fileShape}]",
  "train.corpus.corpusNotAFile": "--corpus {path}：不是文件",
  "train.corpus.corpus": "--corpus {path}：{v2}",
  "train.corpus.corpusTheFileIs": "--corpus {path}：文件为空",
  "train.corpus.corpusBinaryDataA": "--corpus {path}：是二进制数据（含 NUL 字节），不是文本",
  "train.corpus.corpusNotUtfText": "--corpus {path}：不是 UTF-8 文本",
  "train.corpus.corpusIsTooSmall":
    "--corpus {source}：{size} 太小：一个批次需要 {batch}×{v4} 个词元，外加验证用的尾部（请降低 --batch 或 --ctx，或提供更多文本）",
  "train.noSuchFile": "没有这个文件",
};
