// The types of a peer that `npm run bench:setup` has not installed: tsconfig.json's "paths" try
// bench/node_modules first and fall back to this, so `tsc` passes with or without the peers
// (CI installs them, so there the real types are checked).
// biome-ignore lint/suspicious/noExplicitAny: a stand-in for a package that is absent
declare const peer: any;
export = peer;
