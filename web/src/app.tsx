/**
 * The shell around every page: the title and the loaded model's name, the navigation (hash routes,
 * #/tokens …), the 中文/English switch, and the safety net — an error anywhere in a page, an API
 * error or a lost connection shows as a message in the page, never as a blank screen.
 */
import { Component, type ComponentChildren } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { api, useApi } from "./api.ts";
import { ErrorNote } from "./components/error-note.tsx";
import { initialLang, type Lang, LangContext, rememberLang, translate, useT } from "./i18n/index.ts";
import { type LabModel, pages } from "./pages/index.ts";

function currentRoute(): string {
  const id = location.hash.replace(/^#\/?/, "");
  return pages.some((p) => p.id === id) ? id : pages[0].id;
}

/** Catches a page's rendering error and shows it in place of the page. */
class PageBoundary extends Component<{ children: ComponentChildren; page: string }, { error?: Error }> {
  state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  componentDidUpdate(previous: { page: string }) {
    if (previous.page !== this.props.page && this.state.error) this.setState({ error: undefined });
  }
  render() {
    return this.state.error ? <ErrorNote error={this.state.error} /> : this.props.children;
  }
}

/** Errors that escape every handler (a failed promise nobody awaited) still reach the page. */
function useUncaught(): Error | undefined {
  const [error, setError] = useState<Error | undefined>();
  useEffect(() => {
    const onError = (e: ErrorEvent) => setError(e.error instanceof Error ? e.error : new Error(e.message));
    const onRejection = (e: PromiseRejectionEvent) =>
      setError(e.reason instanceof Error ? e.reason : new Error(String(e.reason)));
    addEventListener("error", onError);
    addEventListener("unhandledrejection", onRejection);
    return () => {
      removeEventListener("error", onError);
      removeEventListener("unhandledrejection", onRejection);
    };
  }, []);
  return error;
}

function Shell({ lang, setLang }: { lang: Lang; setLang: (l: Lang) => void }) {
  const t = useT();
  const [route, setRoute] = useState(currentRoute);
  const lab = useApi((signal) => api<{ model: LabModel }>("/api/lab", undefined, signal), []);
  const uncaught = useUncaught();
  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);
  const page = pages.find((p) => p.id === route) ?? pages[0];
  useEffect(() => {
    document.title = `${t(page.title)} · ${t("app.title")}`;
  }, [page, t]);
  const Page = page.component;
  return (
    <div class="shell">
      <header class="top">
        <h1>
          <a class="home" href="#/tokens">
            {t("app.title")}
          </a>
        </h1>
        <span class="model-name" data-testid="model-name">
          {lab.data ? t("app.model", { name: lab.data.model.name, arch: lab.data.model.architecture }) : ""}
        </span>
        <button
          type="button"
          class="lang-switch"
          data-testid="lang-switch"
          onClick={() => setLang(lang === "en" ? "zh-CN" : "en")}
          aria-label={t("app.switchLanguage")}
        >
          {lang === "en" ? "中文" : "English"}
        </button>
      </header>
      <nav class="side" aria-label={t("app.pages")}>
        <ol>
          {pages.map((p) => (
            <li key={p.id}>
              <a
                href={`#/${p.id}`}
                aria-current={p.id === page.id ? "page" : undefined}
                class={p.component ? undefined : "coming"}
              >
                {t(p.title)}
                {!p.component && <small> · {t("app.coming")}</small>}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <main id="page" data-page={page.id}>
        <h2>{t(page.title)}</h2>
        <ErrorNote error={lab.error ?? uncaught} />
        <PageBoundary page={page.id}>
          {Page ? (
            lab.data ? (
              <Page model={lab.data.model} />
            ) : (
              !lab.error && <p class="loading">{t("app.loading")}</p>
            )
          ) : (
            <p>{t("app.comingLong")}</p>
          )}
        </PageBoundary>
      </main>
    </div>
  );
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = (l: Lang) => {
    rememberLang(l);
    setLangState(l);
  };
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(
    () => ({
      lang,
      t: (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
        translate(lang, key, vars),
    }),
    [lang],
  );
  return (
    <LangContext.Provider value={value}>
      <Shell lang={lang} setLang={setLang} />
    </LangContext.Provider>
  );
}
