/**
 * The pages' strings in English and Simplified Chinese. en.ts holds every key; zh-CN.ts must hold the
 * same keys (its type says so, and test/web/i18n-parity.test.ts checks the placeholders too).
 *
 *   const t = useT();   t("tokens.count", { n: 5 })   → "5 tokens" / "5 个词元"
 *
 * The language: what the reader chose last (localStorage), else Chinese when the browser lists a
 * Chinese language first among those it knows, else English.
 */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { en, type MessageKey } from "./en.ts";
import { zhCN } from "./zh-CN.ts";

export type Lang = "en" | "zh-CN";
export const LANGS: readonly Lang[] = ["en", "zh-CN"];
export const catalogs: Record<Lang, Record<MessageKey, string>> = { en, "zh-CN": zhCN };
export type { MessageKey };

const STORAGE_KEY = "tongguan-lab-lang";

export function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === "en" || saved === "zh-CN") return saved;
  } catch {
    // storage may be off (private mode): fall through to the browser's languages
  }
  const wanted = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const l of wanted) {
    if (/^zh\b/i.test(l)) return "zh-CN";
    if (/^en\b/i.test(l)) return "en";
  }
  return "en";
}

export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered: the switch still works for this visit
  }
}

/** A message with its {placeholders} filled. */
export function translate(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text = catalogs[lang][key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export const LangContext = createContext<{ lang: Lang; t: T }>({
  lang: "en",
  t: (key, vars) => translate("en", key, vars),
});

/** The current language's translate function. */
export function useT(): T {
  return useContext(LangContext).t;
}

export function useLang(): Lang {
  return useContext(LangContext).lang;
}
