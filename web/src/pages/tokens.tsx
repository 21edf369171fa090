/**
 * Page 1, Tokens: type a text, see how each tokenizer cuts it — coloured chips (byte pieces as
 * <e9 80>), ids, counts — side by side; then one word's BPE merges, step by step.
 * API: /api/tokenizers, /api/tokens, /api/tokens/trace (src/web/routes/tokens.ts).
 */
import { useEffect, useState } from "preact/hooks";
import type { TokenizerTrace, TokenPiece } from "../../../src/web/api-types.ts";
import { api, useApi } from "../api.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { TokenChips } from "../components/token-chips.tsx";
import { useT } from "../i18n/index.ts";
import type { PageProps } from "./index.ts";

interface ShelfEntry {
  name: string;
  source: string;
}
interface TokensResult {
  name: string;
  count: number;
  ids: number[];
  pieces: TokenPiece[];
}
interface TokensResponse {
  chars: number;
  bytes: number;
  results: TokensResult[];
}

const SAMPLE = "Hello world! Tokenization isn't magic. 你好，世界。通关 🙂";

export function TokensPage(_props: PageProps) {
  const t = useT();
  const [text, setText] = useState(SAMPLE);
  const [chosen, setChosen] = useState<string[]>([]);
  const [showIds, setShowIds] = useState(false);
  const shelf = useApi(
    (s) => api<{ tokenizers: ShelfEntry[]; model: string }>("/api/tokenizers", undefined, s),
    [],
  );
  useEffect(() => {
    if (!shelf.data || chosen.length > 0) return;
    // every tokenizer on the shelf: the model's, js-tiktoken's, the cached and the --tokenizers ones
    setChosen(shelf.data.tokenizers.map((e) => e.name));
  }, [shelf.data, chosen.length]);
  const tokens = useApi(
    (s) =>
      chosen.length === 0
        ? Promise.resolve(undefined)
        : api<TokensResponse>("/api/tokens", { text, tokenizers: chosen }, s),
    [text, chosen.join("\u0000")],
    150,
  );
  const toggle = (name: string) =>
    setChosen((c) => (c.includes(name) ? c.filter((n) => n !== name) : [...c, name]));
  return (
    <div class="page tokens-page">
      <p class="lead">{t("tokens.lead")}</p>
      <label class="block">
        {t("tokens.text")}
        <textarea
          data-testid="tokens-text"
          rows={3}
          value={text}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <fieldset class="choices">
        <legend>{t("tokens.tokenizers")}</legend>
        <ErrorNote error={shelf.error} />
        {shelf.data?.tokenizers.map((e) => (
          <label key={e.name} title={e.source}>
            <input type="checkbox" checked={chosen.includes(e.name)} onChange={() => toggle(e.name)} />{" "}
            {e.name}
          </label>
        ))}
        <label class="option">
          <input type="checkbox" checked={showIds} onChange={() => setShowIds(!showIds)} />{" "}
          {t("tokens.showIds")}
        </label>
      </fieldset>
      <ErrorNote error={tokens.error} />
      {tokens.data && (
        <p class="summary" data-testid="tokens-summary">
          {t("tokens.summary", { chars: tokens.data.chars, bytes: tokens.data.bytes })}
        </p>
      )}
      <div class="columns">
        {tokens.data?.results.map((r) => (
          <section key={r.name} class="card tokenizer-result" data-tokenizer={r.name}>
            <h3>
              {r.name}{" "}
              <span class="count" data-testid={`token-count-${r.name}`} data-count={r.count}>
                {t("tokens.count", { n: r.count })}
              </span>
            </h3>
            <TokenChips pieces={r.pieces} showIds={showIds} />
            <details>
              <summary>{t("tokens.ids")}</summary>
              <code class="ids" data-testid={`token-ids-${r.name}`}>
                {JSON.stringify(r.ids)}
              </code>
            </details>
          </section>
        ))}
      </div>
      <MergeTrace names={shelf.data?.tokenizers.map((e) => e.name) ?? []} first={shelf.data?.model} />
    </div>
  );
}

/** One word (or short text) cut by BPE merge by merge, or by WordPiece's longest matches. */
function MergeTrace({ names, first }: { names: string[]; first?: string }) {
  const t = useT();
  const [word, setWord] = useState(" tokenization");
  const [name, setName] = useState<string | undefined>();
  const tokenizer = name ?? (names.includes("gpt2") ? "gpt2" : first);
  const trace = useApi(
    (s) =>
      tokenizer && word.trim() !== ""
        ? api<TokenizerTrace>("/api/tokens/trace", { text: word, tokenizer }, s)
        : Promise.resolve(undefined),
    [word, tokenizer],
    150,
  );
  return (
    <section class="card merges">
      <h3>{t("tokens.mergesTitle")}</h3>
      <p class="lead">{t("tokens.mergesLead")}</p>
      <div class="row">
        <label>
          {t("tokens.word")}
          <input
            data-testid="trace-word"
            value={word}
            onInput={(e) => setWord((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t("tokens.tokenizer")}
          <select value={tokenizer} onChange={(e) => setName((e.target as HTMLSelectElement).value)}>
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote error={trace.error} />
      {trace.data?.words.map((w, i) => (
        <div key={i} class="word-trace">
          <h4>
            <code>{JSON.stringify(w.word)}</code> → {w.pieces.map((p) => JSON.stringify(p)).join(" ")}
          </h4>
          {w.kind === "bpe" && (
            <ol class="merge-steps" data-testid="merge-steps">
              <li>
                <span class="symbols">
                  {w.start?.map((s) => (
                    <span class="sym">{s}</span>
                  ))}
                </span>
                <small> {t("tokens.start")}</small>
              </li>
              {w.merges?.map((m, k) => (
                <li key={k}>
                  <span class="symbols">
                    {m.symbols.map((s) => (
                      <span class="sym">{s}</span>
                    ))}
                  </span>
                  <small> {t("tokens.merge", { left: m.left, right: m.right, rank: m.rank })}</small>
                </li>
              ))}
            </ol>
          )}
          {w.kind === "wordpiece" && (
            <ol class="merge-steps">
              {w.wordpiece?.map((s, k) => (
                <li key={k}>
                  <span class="sym">{s.piece}</span>
                  <small> {t("tokens.wordpieceTried", { n: s.triedCount, tried: s.tried.join(", ") })}</small>
                </li>
              ))}
            </ol>
          )}
          {w.kind === "pieces" && <p class="lead">{t("tokens.noSteps")}</p>}
        </div>
      ))}
    </section>
  );
}
