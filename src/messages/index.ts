/**
 * The message catalogue: every sentence tongguan says to a person (help, errors, progress, the
 * demo) in English and Simplified Chinese, looked up by key.
 *
 *   t("cli.rm.removed", { repo: "gpt2", n: 2 })   // "removed gpt2: 2 snapshot(s) …" or "已删除 gpt2：…"
 *
 * Placeholders: `{name}` is the parameter's value; `{n|one|many}` picks `one` when parameter `n` is 1
 * and `many` otherwise (English plurals; Chinese needs none). Data — token strings, JSON fields,
 * `--json` output — never goes through here. The locale is English until `setLocale` changes it; the
 * CLI sets it from `--lang` or the environment (`localeFromEnvironment`).
 */
import { en, type MessageKey } from "./en/index.ts";
import { zhCN } from "./zh-CN/index.ts";

export type { MessageKey } from "./en/index.ts";

/** The locales the catalogue has. */
export const LOCALES = ["en", "zh-CN"] as const;
export type Locale = (typeof LOCALES)[number];

const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, "zh-CN": zhCN };

let current: Locale = "en";

/** Chooses the language of every message from now on. */
export function setLocale(locale: Locale): void {
  if (!LOCALES.includes(locale)) throw new Error(`setLocale: unknown locale ${JSON.stringify(locale)}`);
  current = locale;
}

/** The language messages are in now. */
export function getLocale(): Locale {
  return current;
}

/**
 * A locale from a name as people write it: "zh", "zh-CN", "zh_CN.UTF-8", "zh-Hans" → "zh-CN";
 * "en", "en_US.UTF-8", "C", "POSIX" → "en"; anything else → undefined.
 */
export function parseLocale(name: string): Locale | undefined {
  const n = name.trim().toLowerCase();
  if (/^zh([-_.@]|$)/.test(n)) return "zh-CN";
  if (/^en([-_.@]|$)/.test(n) || n === "c" || n.startsWith("c.") || n === "posix") return "en";
  return undefined;
}

/**
 * The locale the environment asks for, with POSIX's precedence: the first of LC_ALL, LC_MESSAGES
 * and LANG that is set decides — Chinese when it starts with "zh", English otherwise.
 */
export function localeFromEnvironment(env: Record<string, string | undefined> = processEnv()): Locale {
  const name = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return name.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

function processEnv(): Record<string, string | undefined> {
  return typeof process === "undefined" ? {} : process.env;
}

/** The message `key` in the current locale (or `locale`), its placeholders filled from `params`. */
export function t(key: MessageKey, params: Record<string, unknown> = {}, locale: Locale = current): string {
  const template = CATALOGUES[locale][key] ?? en[key] ?? key;
  return format(template, params);
}

/**
 * Fills `{name}` and `{name|one|many}` in a template. An unknown name stays as written, so a
 * missing parameter shows in the text instead of throwing while an error is being reported.
 */
export function format(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)(?:\|([^|{}]*)\|([^|{}]*))?\}/g, (whole, name: string, one, many) => {
    if (!(name in params)) return whole;
    const value = params[name];
    if (one !== undefined) return value === 1 || value === "1" ? one : many;
    return String(value);
  });
}

/** The names of a template's placeholders, sorted (the catalogues' parity test compares them). */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)(?:\|[^|{}]*\|[^|{}]*)?\}/g)].map((m) => m[1]))].sort();
}

/** Every message of a locale, by key (the parity test and tools read it). */
export function catalogue(locale: Locale): Readonly<Record<MessageKey, string>> {
  return CATALOGUES[locale];
}
