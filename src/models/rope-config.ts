/** Turning a config's `rope_scaling` into what nn/rope.ts knows, or a clear error for kinds it does not. */
import { TongguanError } from "../errors.ts";
import type { RopeScaling } from "../formats/config.ts";
import { t } from "../messages/index.ts";
import type { Llama3RopeScaling } from "../nn/rope.ts";

export function ropeScalingOf(source: string, r: RopeScaling | undefined): Llama3RopeScaling | undefined {
  if (!r || r.type === "default" || r.type === "none" || (r.type === "linear" && r.factor === 1))
    return undefined;
  if (r.type === "llama3") {
    return {
      factor: r.factor,
      lowFreqFactor: r.lowFreqFactor ?? 1,
      highFreqFactor: r.highFreqFactor ?? 4,
      originalMaxPositionEmbeddings: r.originalMaxPositionEmbeddings ?? 8192,
    };
  }
  throw new TongguanError(t("models.ropeConfig.ropeScalingTypeIs", { source, rType: r.type }));
}
