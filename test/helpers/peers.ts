/**
 * The peers a test compares with, loaded through src/bench/peers.ts (bench/node_modules, installed by
 * `npm run bench:setup`, as CI does). A test that needs one skips with `peerMissing(NAME)`, which
 * says how to install it:
 *
 *   test("agrees with Rust tokenizers", { skip: peerMissing("@anush008/tokenizers") }, async () => {
 *     const { Tokenizer } = await rustTokenizers();
 */
import { importPeer, peerMissing } from "../../src/bench/peers.ts";

export { peerMissing };

/** llama.cpp through node-llama-cpp's prebuilt CPU build. */
export const llamaCpp = () => importPeer<typeof import("node-llama-cpp")>("node-llama-cpp");
/** Hugging Face's Rust tokenizers (napi build). */
export const rustTokenizers = () => importPeer<typeof import("@anush008/tokenizers")>("@anush008/tokenizers");
/** Hugging Face's tokenizers.js. */
export const hfTokenizers = () =>
  importPeer<typeof import("@huggingface/tokenizers")>("@huggingface/tokenizers");
/** Playwright's driver without its browsers (the lab's end-to-end tests drive Debian's chromium). */
export const playwrightCore = () => importPeer<typeof import("playwright-core")>("playwright-core");
