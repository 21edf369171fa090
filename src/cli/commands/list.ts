/**
 * `tongguan list [ORG/NAME] [--files]`: the models in the hub cache, with their revisions, file
 * counts and sizes; with a repo or --files, every file of every snapshot as well.
 */
import type { Command } from "commander";
import { TongguanError } from "../../errors.ts";
import { type CachedRepo, checkRepoId, formatBytes, hubCacheDir, scanCache } from "../../hub/index.ts";
import { displayWidth, padEndWidth, padStartWidth } from "../../messages/display-width.ts";
import { t } from "../../messages/index.ts";

/** Left-aligned columns, two spaces apart; `right` holds the indexes of right-aligned columns (numbers). */
function table(rows: string[][], right: number[] = []): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => displayWidth(r[c]))));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (right.includes(c) ? padStartWidth(cell, widths[c]) : padEndWidth(cell, widths[c])))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function revisions(repo: CachedRepo): string {
  return (
    repo.snapshots.map((s) => (s.refs.length > 0 ? s.refs.join(",") : s.commit.slice(0, 10))).join(" ") || "-"
  );
}

export function register(program: Command): void {
  program
    .command("list")
    .description(t("cli.list.description"))
    .argument("[repo]", t("cli.list.arg.repo"))
    .option("-f, --files", t("cli.list.opt.files"))
    .action(async (repoId: string | undefined, flags: { files?: boolean }) => {
      const cacheDir = hubCacheDir();
      let repos = await scanCache(cacheDir);
      if (repoId) {
        checkRepoId(repoId);
        repos = repos.filter((r) => r.repoId === repoId);
        if (repos.length === 0) {
          throw new TongguanError(t("cli.list.isNotInThe", { repoId, cacheDir }));
        }
      }
      if (repos.length === 0) {
        process.stdout.write(`${t("cli.list.noModels", { cacheDir })}\n`);
        return;
      }
      const rows = [["MODEL", "REVISIONS", "FILES", "SIZE"]];
      for (const r of repos) {
        const files = new Set(r.snapshots.flatMap((s) => s.files.map((f) => f.path))).size;
        const partial = r.incompleteBytes > 0 ? ` (+${formatBytes(r.incompleteBytes)} partial)` : "";
        rows.push([r.repoId, revisions(r), String(files), formatBytes(r.sizeOnDisk) + partial]);
      }
      let out = `${table(rows, [2])}\n`;
      if (repoId || flags.files) {
        for (const r of repos) {
          for (const s of r.snapshots) {
            const refs = s.refs.length > 0 ? ` (${s.refs.join(", ")})` : "";
            out += `\n${r.repoId} @ ${s.commit}${refs}\n`;
            const fileRows = s.files.map((f) => [`  ${f.path}`, formatBytes(f.size)]);
            out += fileRows.length > 0 ? `${table(fileRows, [1])}\n` : "  (no files)\n";
          }
        }
      }
      out += `\ncache: ${cacheDir}\n`;
      process.stdout.write(out);
    });
}
