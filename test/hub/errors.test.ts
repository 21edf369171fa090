import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import { shownUrl } from "../../src/hub/http.ts";
import { HubError, pullModel } from "../../src/hub/index.ts";
import { FakeHub, type FakeRepo } from "./fake-hub.ts";

const C = createHash("sha1").update("c").digest("hex");
const file = { path: "config.json", content: Buffer.from("{}") };
const repos: FakeRepo[] = [
  { id: "org/open", refs: { main: C }, files: [file, { path: "gone.bin", content: Buffer.from("x") }] },
  { id: "org/private", refs: { main: C }, files: [file], access: "private" },
  { id: "org/gated", refs: { main: C }, files: [file], access: "gated" },
];

let hub: FakeHub;
let cacheDir: string;
before(async () => {
  hub = await new FakeHub(repos).start();
  hub.missing.add("gone.bin");
  cacheDir = mkdtempSync(join(tmpdir(), "tongguan-hub-err-"));
});
after(async () => {
  await hub.stop();
  rmSync(cacheDir, { recursive: true, force: true });
});

const opts = (token?: string) => ({ endpoint: hub.url, cacheDir, token, offline: false, retries: 0 });

/** Asserts a rejection with a HubError (so a TongguanError: one clear line in the CLI) of `kind`, matching `pattern`. */
async function rejectsWith(p: Promise<unknown>, kind: string, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof TongguanError, "a TongguanError");
    assert.ok(err instanceof HubError);
    assert.equal(err.kind, kind);
    assert.match(err.message, pattern);
    return true;
  });
}

describe("hub errors say what happened and what to do", () => {
  test("401 on a private repo without a token: gated or private, set HF_TOKEN", async () => {
    await rejectsWith(
      pullModel("org/private", opts()),
      "auth",
      /org\/private.*gated or private.*set HF_TOKEN.*HTTP 401/,
    );
  });

  test("the right token opens a private repo", async () => {
    const r = await pullModel("org/private", opts(hub.token));
    assert.deepEqual(
      r.files.map((f) => f.path),
      ["config.json"],
    );
  });

  test("403 on a gated repo with a token that has no access", async () => {
    await rejectsWith(
      pullModel("org/gated", opts("hf_wrong")),
      "auth",
      /gated or private.*HF_TOKEN is set but gives no access.*HTTP 403/,
    );
  });

  test("404: no such repo, no such revision, no such file", async () => {
    await rejectsWith(
      pullModel("org/nothing", opts("hf_any")),
      "not-found",
      /org\/nothing.*no such repo.*HTTP 404/,
    );
    await rejectsWith(
      pullModel("org/open", { ...opts(), revision: "v9" }),
      "not-found",
      /revision v9.*no such revision/,
    );
    await rejectsWith(
      pullModel("org/open", { ...opts(), include: ["gone.bin"] }),
      "not-found",
      /"gone\.bin".*no such file/,
    );
  });

  test("a refused connection names the URL", async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    await rejectsWith(
      pullModel("org/open", { ...opts(), endpoint: url }),
      "network",
      new RegExp(`could not reach ${url}/api/models/org/open/revision/main.*ECONNREFUSED`),
    );
  });

  test("a malformed repo id is refused before any request", async () => {
    hub.requests.length = 0;
    await assert.rejects(pullModel("org/../etc", opts()), /not a hub repo id/);
    await assert.rejects(pullModel("a/b/c", opts()), /not a hub repo id/);
    assert.equal(hub.requests.length, 0);
  });

  test("an endpoint that is not a hub (a web page) gets a clear error", async () => {
    const page = createHttpServer((_, res) => res.end("<html>hello</html>"));
    await new Promise<void>((ok) => page.listen(0, "127.0.0.1", ok));
    const url = `http://127.0.0.1:${(page.address() as { port: number }).port}`;
    try {
      await rejectsWith(
        pullModel("org/open", { ...opts(), endpoint: url }),
        "protocol",
        /not JSON; is HF_ENDPOINT a hub\?/,
      );
    } finally {
      page.close();
    }
  });
});

/** A port that nothing listens on: bind one, then close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

test("signed CDN queries are cut from messages; plain ones are kept", () => {
  assert.equal(
    shownUrl(
      "https://cdn-lfs.hf.co/repos/ab/cd?response-content-disposition=x&Expires=1&Signature=abc&Key-Pair-Id=K",
    ),
    "https://cdn-lfs.hf.co/repos/ab/cd?…",
  );
  assert.equal(
    shownUrl("https://hf.co/api/models/a/b/revision/main?blobs=true"),
    "https://hf.co/api/models/a/b/revision/main?blobs=true",
  );
});
