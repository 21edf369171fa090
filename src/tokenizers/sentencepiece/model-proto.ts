/**
 * SentencePiece's `tokenizer.model`: a protobuf `ModelProto` (sentencepiece_model.proto).
 *
 *   1 pieces (repeated): 1 piece (string), 2 score (float), 3 type (1 normal, 2 unknown,
 *     3 control, 4 user-defined, 5 unused, 6 byte)
 *   2 trainer_spec: 3 model_type (1 unigram, 2 bpe, 3 word, 4 char), 25 split_digits,
 *     35 byte_fallback, 40 unk_id, 41 bos_id, 42 eos_id, 43 pad_id
 *   3 normalizer_spec: 1 name, 3 add_dummy_prefix, 4 remove_extra_whitespaces, 5 escape_whitespaces
 */
import { fileError } from "../../errors.ts";
import { t } from "../../messages/index.ts";
import { float32, int32, ProtobufError, readFields } from "./protobuf.ts";

export const PieceType = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, USER_DEFINED: 4, UNUSED: 5, BYTE: 6 } as const;

export interface SentencePieceModelProto {
  pieces: { piece: string; score: number; type: number }[];
  modelType: "unigram" | "bpe" | "word" | "char";
  byteFallback: boolean;
  splitDigits: boolean;
  unkId: number;
  bosId: number;
  eosId: number;
  padId: number;
  normalizerName: string;
  addDummyPrefix: boolean;
  removeExtraWhitespaces: boolean;
  escapeWhitespaces: boolean;
}

export function parseModelProto(buf: Uint8Array, path: string): SentencePieceModelProto {
  const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const m: SentencePieceModelProto = {
    pieces: [],
    modelType: "unigram",
    byteFallback: false,
    splitDigits: false,
    unkId: 0,
    bosId: 1,
    eosId: 2,
    padId: -1,
    normalizerName: "nmt_nfkc",
    addDummyPrefix: true,
    removeExtraWhitespaces: true,
    escapeWhitespaces: true,
  };
  try {
    for (const f of readFields(buf)) {
      if (f.field === 1 && f.wireType === 2) {
        const p = { piece: "", score: 0, type: PieceType.NORMAL as number };
        for (const g of readFields(f.bytes)) {
          if (g.field === 1 && g.wireType === 2) p.piece = utf8.decode(g.bytes);
          else if (g.field === 2 && g.wireType === 5) p.score = float32(g.bytes);
          else if (g.field === 3 && g.wireType === 0) p.type = g.varint;
        }
        m.pieces.push(p);
      } else if (f.field === 2 && f.wireType === 2) {
        for (const g of readFields(f.bytes)) {
          if (g.wireType !== 0) continue;
          if (g.field === 3)
            m.modelType = (["unigram", "unigram", "bpe", "word", "char"] as const)[g.varint] ?? "unigram";
          else if (g.field === 25) m.splitDigits = g.varint !== 0;
          else if (g.field === 35) m.byteFallback = g.varint !== 0;
          else if (g.field === 40) m.unkId = int32(g.varint);
          else if (g.field === 41) m.bosId = int32(g.varint);
          else if (g.field === 42) m.eosId = int32(g.varint);
          else if (g.field === 43) m.padId = int32(g.varint);
        }
      } else if (f.field === 3 && f.wireType === 2) {
        for (const g of readFields(f.bytes)) {
          if (g.field === 1 && g.wireType === 2) m.normalizerName = utf8.decode(g.bytes);
          else if (g.field === 3 && g.wireType === 0) m.addDummyPrefix = g.varint !== 0;
          else if (g.field === 4 && g.wireType === 0) m.removeExtraWhitespaces = g.varint !== 0;
          else if (g.field === 5 && g.wireType === 0) m.escapeWhitespaces = g.varint !== 0;
        }
      }
    }
  } catch (e) {
    if (e instanceof ProtobufError)
      throw fileError(
        path,
        t("tokenizers.sentencepiece.modelProto.notAValidSentencepiece", { eMessage: e.message }),
      );
    if (e instanceof TypeError)
      throw fileError(path, t("tokenizers.sentencepiece.modelProto.notAValidSentencepiece2"));
    throw e;
  }
  if (m.pieces.length === 0)
    throw fileError(path, t("tokenizers.sentencepiece.modelProto.notASentencepieceModel"));
  return m;
}
