/**
 * The lab under test: started in this process on a free loopback port with a model (default: the
 * shipped one), its pages built by scripts/build-web.mjs into a folder of its own, and a headless
 * Debian chromium driven by playwright-core (never a downloaded browser). Shared by every lab test:
 *
 *   test("…", { skip: browserMissing() }, async () => {
 *     const lab = await startLab({ pages: true });
 *     const browser = await launchBrowser();
 *     const { page, errors } = await openPage(browser, lab, "tokens");
 *     …                                    // drive the page; compare with lab.context's engine objects
 *     assert.deepEqual(errors, []);        // no console errors, no uncaught exceptions
 *     await browser.close(); await lab.close();
 *   });
 *
 * `browserMissing()` says why the browser tests skip: playwright-core not installed (npm run
 * bench:setup) or no chromium (apt-get install chromium; CHROMIUM_PATH names another binary).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { DEFAULT_MODEL } from "../../src/cli/default-model.ts";
import { openLab } from "../../src/web/lab-context.ts";
import type { LabContext, LabRoute } from "../../src/web/lab-route.ts";
import { createLabServer } from "../../src/web/lab-server.ts";
import { labRoutes } from "../../src/web/routes/index.ts";
import { repoRoot } from "../helpers/fixtures.ts";
import { peerMissing, playwrightCore } from "../helpers/peers.ts";

export interface Lab {
  /** http://127.0.0.1:PORT */
  url: string;
  context: LabContext;
  /** GET (no body) or POST (a JSON body) to the API: the status and the parsed answer. */
  // biome-ignore lint/suspicious/noExplicitAny: a test reads the answer field by field
  call(path: string, body?: unknown): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

/** The chromium to drive: $CHROMIUM_PATH, else Debian's. */
export function chromiumPath(): string | undefined {
  for (const p of [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"])
    if (p && existsSync(p)) return p;
  return undefined;
}

/** Why the browser tests cannot run here, or false. */
export function browserMissing(): string | false {
  const peer = peerMissing("playwright-core");
  if (peer) return `skipped: ${peer}`;
  if (!chromiumPath())
    return "skipped: no chromium (apt-get install chromium, or set CHROMIUM_PATH; .ci/run installs it)";
  return false;
}

let builtPages: string | undefined;

/** The pages built once per test process into a temporary folder (removed at exit). */
export function buildPages(): string {
  if (builtPages) return builtPages;
  const dir = mkdtempSync(join(tmpdir(), "tongguan-lab-web-"));
  const out = join(dir, "web");
  const r = spawnSync(process.execPath, [join(repoRoot, "scripts", "build-web.mjs"), "--out", out], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`build-web failed: ${r.stderr}`);
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  builtPages = out;
  return out;
}

export async function startLab(
  options: { model?: string; tokenizers?: string[]; pages?: boolean; routes?: readonly LabRoute[] } = {},
): Promise<Lab> {
  const context = await openLab({
    model: options.model ?? DEFAULT_MODEL,
    tokenizers: options.tokenizers,
    host: "127.0.0.1",
    port: 0,
  });
  const webDir = options.pages ? buildPages() : join(tmpdir(), "tongguan-lab-no-pages");
  const server = createLabServer({ context, routes: options.routes ?? labRoutes, webDir, log: () => {} });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  context.options.port = port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    context,
    call(path, body) {
      // a fresh connection per call (no keep-alive): a socket the server closed between two
      // slow tests is never reused
      return new Promise((resolve, reject) => {
        const data = body === undefined ? undefined : JSON.stringify(body);
        const req = request(
          {
            host: "127.0.0.1",
            port,
            path,
            method: data === undefined ? "GET" : "POST",
            agent: false,
            headers: data === undefined ? {} : { "Content-Type": "application/json" },
          },
          (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (d) => (text += d));
            res.on("end", () => {
              try {
                resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) });
              } catch (err) {
                reject(err);
              }
            });
          },
        );
        req.on("error", reject);
        req.end(data);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await playwrightCore();
  return chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox", "--disable-gpu"] });
}

/**
 * Opens `#/<route>` in a fresh page and waits for the shell to show the model's name. `errors`
 * collects console errors and uncaught exceptions from then on.
 */
export async function openPage(
  browser: Browser,
  lab: Lab,
  route: string,
  options: { locale?: string } = {},
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    locale: options.locale ?? "en-US",
    viewport: { width: 1366, height: 860 },
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${lab.url}/#/${route}`);
  const name = page.getByTestId("model-name");
  await until(async () => ((await name.textContent()) ?? "") !== "", "the shell to show the model's name");
  return { page, errors };
}

/** Polls `check` until it holds (what a page shows after its debounce and its answer). */
export async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
