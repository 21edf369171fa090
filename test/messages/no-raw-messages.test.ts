// Nothing user-facing bypasses the catalogue: a scan of src/ (TypeScript's own parser) for literal
// English where a message goes — errors, help texts, progress bars and lines written to the
// terminal. A message added later as a raw literal fails here, naming the file and line, so it is
// never left untranslated. Data (token strings, JSON, --json output) is not prose and passes.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import ts from "typescript";
import { repoRoot } from "../helpers/fixtures.ts";

const SRC = join(repoRoot, "src");

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "assembly" && path !== join(SRC, "messages")) yield* sourceFiles(path);
    } else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) yield path;
  }
}

/** Argument positions that hold a message, by the name of the function, method or class called. */
const MESSAGE_ARGS: Record<string, number[]> = {
  TongguanError: [0],
  InvalidArgumentError: [0],
  HubError: [1],
  GenerationOptionError: [1],
  fileError: [1],
  description: [0],
  summary: [0],
  argument: [1],
  option: [1],
  requiredOption: [1],
  addHelpText: [1],
  showHelpAfterError: [0],
  helpOption: [1],
  version: [2],
};
/** Calls whose text reaches the terminal: flagged when a literal in them reads as English prose. */
const OUTPUT_CALLS = new Set(["write", "log", "error", "warn", "info"]);
const WORDS = /[A-Za-z]{2,}/;
const PROSE = /[A-Za-z]{2,}[ ,;:'-]+[A-Za-z]{2,}/;

function calleeName(e: ts.Expression): string | undefined {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

/** The names src/ imports the catalogue's t() under (`t as tr` where a file has its own `t`). */
const MESSAGE_FUNCTIONS = ["t", "tr", "msg"];

/** The literal text in `node`, outside any t() call (whose key and parameters are not prose). */
function literalTexts(node: ts.Node): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n) && MESSAGE_FUNCTIONS.includes(calleeName(n.expression) ?? "")) return;
    // `code === "ENOENT"`: a literal compared with is a value, not a message
    const compared =
      ts.isBinaryExpression(n.parent) &&
      [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(
        n.parent.operatorToken.kind,
      );
    if (compared) return;
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) out.push(n.text);
    else if (ts.isTemplateExpression(n)) {
      out.push(n.head.text, ...n.templateSpans.map((s) => s.literal.text));
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

function rawMessages(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const lines = text.split("\n");
    const report = (n: ts.Node, what: string, literal: string) => {
      const line = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
      if (/i18n-ignore/.test(lines[line] ?? "") || /i18n-ignore/.test(lines[line - 1] ?? "")) return;
      found.push(`${relative(repoRoot, file)}:${line + 1}: ${what} ${JSON.stringify(literal.slice(0, 60))}`);
    };
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
        const name = calleeName(n.expression) ?? "";
        const args = n.arguments ?? ts.factory.createNodeArray();
        for (const i of Object.hasOwn(MESSAGE_ARGS, name) ? MESSAGE_ARGS[name] : []) {
          const arg = args[i];
          if (arg) for (const l of literalTexts(arg)) if (WORDS.test(l)) report(arg, `${name}()`, l);
        }
        // lines.push(…) in the CLI builds what it prints (its SVG writers excepted: markup, not prose)
        const cliLines = name === "push" && file.startsWith(join(SRC, "cli")) && !file.endsWith("-svg.ts");
        const isConsole =
          ts.isPropertyAccessExpression(n.expression) && calleeName(n.expression.expression) === "console";
        const isOutput =
          ts.isCallExpression(n) &&
          (["write", "log", "say", "note", "print"].includes(name) ||
            cliLines ||
            (isConsole && OUTPUT_CALLS.has(name)));
        if (isOutput)
          for (const arg of args)
            for (const l of literalTexts(arg)) if (PROSE.test(l)) report(arg, `${name}()`, l);
        if (ts.isNewExpression(n) && /Bar$/.test(name)) {
          for (const arg of args)
            for (const l of literalTexts(arg)) if (PROSE.test(l)) report(arg, `new ${name}()`, l);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return found;
}

test("no message in src/ bypasses the catalogue (src/messages/): no raw English literal where a message goes", () => {
  const found = rawMessages();
  assert.deepEqual(
    found,
    [],
    `${found.length} user-facing literal(s): put each into src/messages/en/*.ts and zh-CN/*.ts and call t(key, params)`,
  );
});

test("the scan finds a raw message when there is one (it can fail)", () => {
  const sample = ts.createSourceFile(
    "x.ts",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source text with a template literal in it
    'throw new TongguanError(`bad ${x}: expected a number`); cmd.description("show the tokens");',
    ts.ScriptTarget.Latest,
    true,
  );
  const texts: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isNewExpression(n) || ts.isCallExpression(n)) {
      const name = calleeName(n.expression) ?? "";
      for (const i of MESSAGE_ARGS[name] ?? []) {
        const arg = n.arguments?.[i];
        if (arg) texts.push(...literalTexts(arg).filter((l) => WORDS.test(l)));
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sample);
  assert.deepEqual(texts, ["bad ", ": expected a number", "show the tokens"]);
  const translated = ts.createSourceFile(
    "y.ts",
    'throw new TongguanError(t("a.b", { x: "--flag" }));',
    ts.ScriptTarget.Latest,
    true,
  );
  assert.deepEqual(
    literalTexts(translated.statements[0]).filter((l) => WORDS.test(l)),
    [],
  );
});
