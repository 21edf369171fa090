/**
 * Post-processors add the special tokens a model expects around the text, when the caller asks
 * for them (`addSpecialTokens`): BERT's `[CLS] … [SEP]`, Llama's `<s> …`.
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import type { Encoding } from "./types.ts";

export interface PostProcessor {
  process(e: Encoding): Encoding;
}

function concat(parts: Encoding[]): Encoding {
  return {
    ids: parts.flatMap((p) => p.ids),
    tokens: parts.flatMap((p) => p.tokens),
    offsets: parts.flatMap((p) => p.offsets),
  };
}

function special(ids: number[], tokens: string[]): Encoding {
  return { ids, tokens, offsets: ids.map(() => [0, 0] as [number, number]) };
}

/** `[CLS]` A `[SEP]` (BertProcessing), `<s>` A `</s>` (RobertaProcessing). */
export class WrapProcessing implements PostProcessor {
  constructor(
    readonly before: [string, number][],
    readonly after: [string, number][],
  ) {}
  process(e: Encoding): Encoding {
    const b = special(
      this.before.map((x) => x[1]),
      this.before.map((x) => x[0]),
    );
    const a = special(
      this.after.map((x) => x[1]),
      this.after.map((x) => x[0]),
    );
    return concat([b, e, a]);
  }
}

/** The single-sequence template of TemplateProcessing: e.g. `[CLS]:0 $A:0 [SEP]:0`. */
export class TemplateProcessing implements PostProcessor {
  constructor(readonly parts: ({ special: string[]; ids: number[] } | "A")[]) {}
  process(e: Encoding): Encoding {
    return concat(this.parts.map((p) => (p === "A" ? e : special(p.ids, p.special))));
  }
}

export class PostProcessorSequence implements PostProcessor {
  constructor(readonly parts: PostProcessor[]) {}
  process(e: Encoding): Encoding {
    for (const p of this.parts) e = p.process(e);
    return e;
  }
}

/** ByteLevel's post-processing only trims offsets; the ids stay as they are. */
export class NoopProcessing implements PostProcessor {
  process(e: Encoding): Encoding {
    return e;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: JSON from tokenizer.json
export function postProcessorFromJson(json: any, where: string): PostProcessor | undefined {
  if (json == null) return undefined;
  switch (json.type) {
    case "TemplateProcessing": {
      // biome-ignore lint/suspicious/noExplicitAny: JSON
      const parts = (json.single ?? []).map((item: any, i: number) => {
        if (item.Sequence) return "A" as const;
        const name = item.SpecialToken?.id;
        const sp = json.special_tokens?.[name];
        if (!sp)
          throw new TongguanError(
            t("tokenizers.postProcessors.singleSpecialTokenIs", { where, i, name: JSON.stringify(name) }),
          );
        return { special: sp.tokens as string[], ids: sp.ids as number[] };
      });
      return new TemplateProcessing(parts);
    }
    case "BertProcessing":
    case "RobertaProcessing":
      return new WrapProcessing([json.cls], [json.sep]);
    case "ByteLevel":
      return new NoopProcessing();
    case "Sequence":
      return new PostProcessorSequence(
        (json.processors ?? []).map((p: unknown, i: number) =>
          postProcessorFromJson(p, `${where}.processors[${i}]`),
        ),
      );
    default:
      throw new TongguanError(
        t("tokenizers.postProcessors.postProcessorTypeIs", { where, jsonType: json.type }),
      );
  }
}
