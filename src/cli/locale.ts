/**
 * The CLI's language: `--lang zh|en` on any command, else the environment (LC_ALL, LC_MESSAGES,
 * LANG starting with "zh" → Chinese), else English. The choice is made from argv before the program
 * is built, because every help text is read from the catalogue when a command is declared. This
 * file also puts commander's own words (the "Usage:" headings, help and version options, usage
 * errors) through the catalogue.
 */
import { type Command, Help, type Option } from "commander";
import { TongguanError } from "../errors.ts";
import { displayWidth } from "../messages/display-width.ts";
import {
  getLocale,
  type Locale,
  localeFromEnvironment,
  type MessageKey,
  parseLocale,
  t,
} from "../messages/index.ts";

/**
 * The locale `argv` asks for (`--lang X` or `--lang=X`, before any `--`), else the environment's,
 * and `argv` without the `--lang` words (so the command's own parsing, and the choice of which
 * command file to load, never see them).
 */
export function chooseLocale(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): { locale: Locale; argv: string[] } {
  let locale: Locale | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    const value = a === "--lang" ? (argv[++i] ?? "") : a.startsWith("--lang=") ? a.slice(7) : undefined;
    if (value === undefined) {
      rest.push(a);
      continue;
    }
    locale = parseLocale(value);
    // said in the environment's language, the one the user has not managed to change
    if (!locale) throw new TongguanError(t("cli.lang.unknown", { value }, localeFromEnvironment(env)));
  }
  return { locale: locale ?? localeFromEnvironment(env), argv: rest };
}

const TITLES: Record<string, MessageKey> = {
  "Usage:": "cli.help.usage",
  "Options:": "cli.help.options",
  "Commands:": "cli.help.commands",
  "Arguments:": "cli.help.arguments",
  "Global Options:": "cli.help.globalOptions",
};

/** commander's help in the current locale: headings, "(default: …)", the help and version options. */
export function localizeHelp(cmd: Command): void {
  cmd.configureHelp({
    styleTitle: (title: string) => (TITLES[title] ? t(TITLES[title]) : title),
    // columns, not characters: a 汉字 takes two (commander counts string length)
    displayWidth: (text: string) => displayWidth(text),
    boxWrap: wrapByColumns,
    optionDescription: (option: Option) =>
      Help.prototype.optionDescription
        .call(new Help(), option)
        .replace(/\(choices: /, `(${t("cli.help.choices")}: `)
        .replace(/ \(default: (.*)\)$/s, (_, value: string) => t("cli.help.defaultValue", { value })),
  });
  cmd.helpOption("-h, --help", t("cli.help.helpOption"));
  if (cmd.commands.length > 0) cmd.helpCommand("help [command]", t("cli.help.helpCommand"));
  cmd.option("--lang <lang>", t("cli.lang.option"));
  cmd.configureOutput({ outputError: (text, write) => write(localizeUsageError(text)) });
  for (const sub of cmd.commands) localizeHelp(sub);
}

// A break is allowed at a space, as commander does, and also before and after any East Asian wide
// character: Chinese has no spaces between words.
const CHUNK =
  /\s*(?:[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u3000-\u303f\uff00-\uffef]|[^\s\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u3000-\u303f\uff00-\uffef]+)/gu;

const CLOSING = /^[，。、；：！？）》」』】,.;:!?)\]]/u;
const OPENING = /[（《「『【]$/u;

/** commander's Help.boxWrap, measuring by display width and breaking between 汉字 too. */
function wrapByColumns(this: Help, text: string, width: number): string {
  if (width < this.minWidthToWrap) return text;
  return text
    .split(/\r\n|\n/)
    .map((line) => {
      const out: string[] = [];
      let current = "";
      for (const chunk of line.match(CHUNK) ?? []) {
        // never break before closing punctuation (，。）…) nor after an opening one (（《…)
        const breakable = !CLOSING.test(chunk) && !OPENING.test(current);
        if (current !== "" && displayWidth(current + chunk) > width && breakable) {
          out.push(current);
          current = chunk.trimStart();
        } else current += chunk;
      }
      out.push(current);
      return out.join("\n");
    })
    .join("\n");
}

// commander's usage errors (command.js, suggestSimilar.js), as patterns with their catalogue keys.
const USAGE_ERRORS: Array<[RegExp, MessageKey, string[]]> = [
  [/^error: unknown option '(.*)'/, "cli.usage.unknownOption", ["option"]],
  [/^error: unknown command '(.*)'/, "cli.usage.unknownCommand", ["command"]],
  [/^error: missing required argument '(.*)'/, "cli.usage.missingArgument", ["argument"]],
  [/^error: option '(.*)' argument missing/, "cli.usage.optionArgumentMissing", ["option"]],
  [/^error: required option '(.*)' not specified/, "cli.usage.requiredOption", ["option"]],
  [
    /^error: option '(.*)' argument '(.*)' is invalid\. ?/,
    "cli.usage.invalidOptionValue",
    ["option", "value"],
  ],
  [
    /^error: command-argument value '(.*)' is invalid for argument '(.*)'\. ?/,
    "cli.usage.invalidArgumentValue",
    ["value", "argument"],
  ],
  [
    /^error: too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\./,
    "cli.usage.tooManyArguments",
    ["command", "expected", "got"],
  ],
  [/^\(Did you mean one of (.*)\?\)/m, "cli.usage.didYouMeanOneOf", ["candidates"]],
  [/^\(Did you mean (.*)\?\)/m, "cli.usage.didYouMean", ["candidate"]],
];

/** A commander error line in the current locale; the rest of the text (our own message) stays. */
export function localizeUsageError(text: string): string {
  if (getLocale() === "en") return text;
  let out = text;
  for (const [pattern, key, names] of USAGE_ERRORS) {
    out = out.replace(pattern, (...m: string[]) =>
      t(key, Object.fromEntries(names.map((name, i) => [name, m[i + 1] ?? ""]))),
    );
  }
  return out;
}
