/** The pages that generate need a causal language model; an encoder (BERT) gets a clear answer. */
import { TongguanError } from "../../errors.ts";
import { t } from "../../messages/index.ts";
import { DecoderLM, type Model } from "../../models/index.ts";

export function causalModel(model: Model, page: string): DecoderLM {
  if (model instanceof DecoderLM) return model;
  throw new TongguanError(
    t("web.routes.causalModel.thePageNeedsA", { page, architecture: model.architecture }),
  );
}
