/**
 * Where the hub is and where its files go, read from the same environment variables Python's
 * `huggingface_hub` reads, so that one setting serves both:
 *
 *   HF_ENDPOINT     the hub or a mirror            (default https://huggingface.co; e.g. https://hf-mirror.com)
 *   HF_TOKEN        token for gated/private repos  (else the file $HF_HOME/token that `huggingface-cli login` writes)
 *   HF_HUB_OFFLINE  1/true/yes/on: never touch the network, use the cache only
 *   HF_HUB_CACHE    the cache folder itself        (else $HF_HOME/hub)
 *   HF_HOME         (default $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface)
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import { redactCredentials } from "./http.ts";

export interface HubConfig {
  /** Base URL of the hub or mirror, without a trailing slash. */
  endpoint: string;
  /** Bearer token, or undefined for anonymous access. */
  token?: string;
  /** True: use the cache only; any need for the network is an error. */
  offline: boolean;
  /** The hub cache folder: it holds `models--ORG--NAME/{blobs,refs,snapshots}`. */
  cacheDir: string;
}

export const DEFAULT_ENDPOINT = "https://huggingface.co";

/** `HF_HUB_OFFLINE` and friends are booleans spelled as Python spells them. */
export function envFlag(value: string | undefined): boolean {
  return value !== undefined && ["1", "true", "yes", "on"].includes(value.trim().toLowerCase());
}

/** $HF_HOME, defaulting the way huggingface_hub does. */
export function hfHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HF_HOME) return resolve(env.HF_HOME);
  const xdg = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(xdg, "huggingface");
}

/** Reads the hub settings from `env`; fields in `overrides` win (the library API passes options here). */
export function hubConfig(
  overrides: Partial<HubConfig> = {},
  env: NodeJS.ProcessEnv = process.env,
): HubConfig {
  const endpoint = (overrides.endpoint ?? (env.HF_ENDPOINT || DEFAULT_ENDPOINT)).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]/.test(endpoint)) {
    throw new TongguanError(t("hub.config.hfEndpointIsNot", { v1: redactCredentials(endpoint) }));
  }
  return {
    endpoint,
    token: overrides.token ?? readToken(env, hfHome(env)),
    offline: overrides.offline ?? envFlag(env.HF_HUB_OFFLINE),
    cacheDir: hubCacheDir(overrides.cacheDir, env),
  };
}

/** The cache folder alone (what `list` and `rm` need): HF_HUB_CACHE, else $HF_HOME/hub. */
export function hubCacheDir(override?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(override ?? (env.HF_HUB_CACHE || env.HUGGINGFACE_HUB_CACHE || join(hfHome(env), "hub")));
}

function readToken(env: NodeJS.ProcessEnv, home: string): string | undefined {
  const fromEnv = env.HF_TOKEN || env.HUGGING_FACE_HUB_TOKEN;
  if (fromEnv) return fromEnv.trim();
  try {
    const saved = readFileSync(env.HF_TOKEN_PATH || join(home, "token"), "utf8").trim();
    return saved || undefined;
  } catch {
    return undefined; // no saved token: anonymous access
  }
}
