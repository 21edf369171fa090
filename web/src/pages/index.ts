/**
 * The lab's pages, in the order of the course. Each is a hash route (`#/tokens`) and a component in
 * this folder; one without a component yet shows as "coming" in the navigation.
 * Adding a page: write `pages/<id>.tsx` exporting a component that takes `PageProps`, then set it here.
 */
import type { ComponentType } from "preact";
import type { LabModel } from "../../../src/web/api-types.ts";
import type { MessageKey } from "../i18n/index.ts";
import { AttentionPage } from "./attention.tsx";
import { EmbeddingsPage } from "./embeddings.tsx";
import { GenerationPage } from "./generation.tsx";
import { ModelPage } from "./model.tsx";
import { NextTokenPage } from "./next-token.tsx";
import { PositionsPage } from "./positions.tsx";
import { TokensPage } from "./tokens.tsx";
import { TrainingPage } from "./training.tsx";

export type { LabModel };

export interface PageProps {
  model: LabModel;
}

export interface PageDef {
  /** The hash route: #/<id>. */
  id: string;
  /** The navigation label's message key. */
  title: MessageKey;
  component?: ComponentType<PageProps>;
}

export const pages: readonly PageDef[] = [
  { id: "tokens", title: "page.tokens", component: TokensPage },
  { id: "embeddings", title: "page.embeddings", component: EmbeddingsPage },
  { id: "attention", title: "page.attention", component: AttentionPage },
  { id: "positions", title: "page.positions", component: PositionsPage },
  { id: "next-token", title: "page.nextToken", component: NextTokenPage },
  { id: "generation", title: "page.generation", component: GenerationPage },
  { id: "model", title: "page.model", component: ModelPage },
  { id: "training", title: "page.training", component: TrainingPage },
];
