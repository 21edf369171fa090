#!/usr/bin/env node
// Screenshots of the lab's pages for the docs and READMEs: starts the lab on a free loopback port
// with the shipped model, opens each page in Debian's headless chromium (playwright-core from
// bench/, never a downloaded browser) and writes docs/images/lab-<page>.png.
//
//   npm run lab:screenshots                                 every page that is built
//   npm run lab:screenshots -- --pages tokens,model --lang zh-CN
//
// Needs `npm run bench:setup` (playwright-core) and chromium (apt-get install chromium, or CHROMIUM_PATH).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importPeer } from "../src/bench/peers.ts";
import { DEFAULT_MODEL } from "../src/cli/default-model.ts";
import { packageRoot } from "../src/package-root.ts";
import { openLab } from "../src/web/lab-context.ts";
import { createLabServer } from "../src/web/lab-server.ts";
import { labRoutes } from "../src/web/routes/index.ts";

const args = process.argv.slice(2);
const flag = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const PAGES = [
  "tokens",
  "embeddings",
  "attention",
  "positions",
  "next-token",
  "generation",
  "model",
  "training",
];
const pages = (flag("--pages") ?? PAGES.join(",")).split(",").filter((p) => p !== "");
const unknown = pages.filter((p) => !PAGES.includes(p));
if (unknown.length > 0) {
  console.error(`lab-screenshots: --pages: ${unknown.join(", ")} not among ${PAGES.join(", ")}`);
  process.exit(1);
}
const lang = flag("--lang") ?? "en";
const out = flag("--out") ?? join(packageRoot, "docs", "images");
const chromium = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (p) => p && existsSync(p),
);
if (!chromium) {
  console.error("lab-screenshots: no chromium (apt-get install chromium, or set CHROMIUM_PATH)");
  process.exit(1);
}

/** What a streaming page needs before its picture: started, and run to its end. */
const RUN_FIRST: Record<string, (page: import("playwright-core").Page) => Promise<void>> = {
  generation: async (page) => {
    await page.getByTestId("generation-start").click();
    await page.waitForSelector("[data-testid=generation-start]:not([disabled])", { timeout: 120_000 });
  },
  training: async (page) => {
    await page.getByTestId("training-steps").fill("200");
    await page.getByTestId("training-start").click();
    await page.waitForSelector("[data-testid=training-start]:not([disabled])", { timeout: 300_000 });
  },
};

const work = mkdtempSync(join(tmpdir(), "tongguan-lab-shots-"));
try {
  const webDir = join(work, "web");
  const built = spawnSync(
    process.execPath,
    [join(packageRoot, "scripts", "build-web.mjs"), "--out", webDir],
    {
      stdio: "inherit",
    },
  );
  if (built.status !== 0) throw new Error("build-web failed");
  const context = await openLab({ model: DEFAULT_MODEL, host: "127.0.0.1", port: 0 });
  const server = createLabServer({ context, routes: labRoutes, webDir });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  context.options.port = port;
  const { chromium: driver } = await importPeer<typeof import("playwright-core")>("playwright-core");
  const browser = await driver.launch({ executablePath: chromium, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 860 }, locale: lang });
    await page.addInitScript(`localStorage.setItem("tongguan-lab-lang", ${JSON.stringify(lang)})`);
    mkdirSync(out, { recursive: true });
    for (const id of pages) {
      await page.goto(`http://127.0.0.1:${port}/#/${id}`);
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(600); // the pages' input debounce, then their answers
      await page.waitForLoadState("networkidle");
      await RUN_FIRST[id]?.(page);
      const suffix = lang === "en" ? "" : `.${lang}`;
      const file = join(out, `lab-${id}${suffix}.png`);
      await page.screenshot({ path: `${file}.tmp.png` });
      renameSync(`${file}.tmp.png`, file);
      console.log(`lab-screenshots: ${file}`);
    }
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
