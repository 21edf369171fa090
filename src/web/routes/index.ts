/**
 * Every API route of the lab, one module per page. A page's module exports `routes: LabRoute[]`
 * (see ../lab-route.ts for the contract); adding a page adds one import and one spread here.
 */
import type { LabRoute } from "../lab-route.ts";
import { routes as attention } from "./attention.ts";
import { routes as embeddings } from "./embeddings.ts";
import { routes as generation } from "./generation.ts";
import { routes as lab } from "./lab.ts";
import { routes as model } from "./model.ts";
import { routes as nextToken } from "./next-token.ts";
import { routes as positions } from "./positions.ts";
import { routes as tokens } from "./tokens.ts";
import { routes as training } from "./training.ts";

export const labRoutes: readonly LabRoute[] = [
  ...lab, // GET /api/lab: the model's name and shape, for the shell
  ...tokens, // page 1: Tokens
  ...embeddings, // page 2: Embeddings
  ...attention, // page 3: Attention
  ...positions, // page 4: Positions
  ...nextToken, // page 5: Next token
  ...generation, // page 6: Generation (streams)
  ...model, // page 7: Model
  ...training, // page 8: Training (streams)
];
