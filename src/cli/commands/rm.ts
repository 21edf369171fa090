/** `tongguan rm ORG/NAME`: deletes a model from the hub cache (all its snapshots and blobs). */
import type { Command } from "commander";
import { checkRepoId, formatBytes, hubCacheDir, removeCachedRepo } from "../../hub/index.ts";
import { t } from "../../messages/index.ts";

export function register(program: Command): void {
  program
    .command("rm")
    .description(t("cli.rm.description"))
    .argument("<repo>", t("cli.rm.arg.repo"))
    .action(async (repo: string) => {
      checkRepoId(repo);
      const removed = await removeCachedRepo(hubCacheDir(), repo);
      const freed = removed.sizeOnDisk + removed.incompleteBytes;
      process.stdout.write(
        `removed ${repo}: ${removed.snapshots.length} snapshot(s), ${formatBytes(freed)} freed (${removed.dir})\n`,
      );
    });
}
