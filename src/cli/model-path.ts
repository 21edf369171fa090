/**
 * The MODEL argument of a command: a local file or folder as it is, or a hub id (ORG/NAME) resolved
 * here, once, to its downloaded snapshot folder — the models and the generation code below take
 * local paths only. The hub client (HTTP, progress bars) is imported only for a hub id.
 */
import { existsSync } from "node:fs";

export async function localModelPath(pathOrId: string): Promise<string> {
  if (existsSync(pathOrId)) return pathOrId;
  const { resolveModelPath } = await import("../hub/index.ts");
  return resolveModelPath(pathOrId);
}
