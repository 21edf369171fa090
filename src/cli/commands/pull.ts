/**
 * `tongguan pull ORG/NAME [--revision REV] [--include GLOB...]`: downloads a model from the
 * Hugging Face hub (or the mirror in HF_ENDPOINT) into the cache shared with Python's
 * transformers, showing progress on stderr, and prints the snapshot folder on stdout.
 */
import type { Command } from "commander";
import { formatBytes, pullModel } from "../../hub/index.ts";
import { createProgressRenderer } from "../../hub/progress-bars.ts";
import { t } from "../../messages/index.ts";

interface PullFlags {
  revision: string;
  include?: string[];
  exclude?: string[];
}

export function register(program: Command): void {
  program
    .command("pull")
    .description(t("cli.pull.description"))
    .argument("<repo>", t("cli.pull.arg.repo"))
    .option("-r, --revision <rev>", t("cli.pull.opt.revision"), "main")
    .option("-i, --include <glob...>", t("cli.pull.opt.include"))
    .option("-x, --exclude <glob...>", t("cli.pull.opt.exclude"))
    .addHelpText("after", t("cli.pull.helpText"))
    .action(async (repo: string, flags: PullFlags) => {
      const renderer = createProgressRenderer(process.stderr);
      // Ctrl-C: put the terminal back (the bars hide the cursor). The partial file stays in the
      // cache as blobs/<etag>.incomplete, and the next pull continues it.
      const interrupted = () => {
        renderer.stop();
        process.stderr.write(`${t("cli.pull.interrupted")}\n`);
        process.exit(130);
      };
      process.once("SIGINT", interrupted);
      let result: Awaited<ReturnType<typeof pullModel>>;
      try {
        result = await pullModel(repo, {
          revision: flags.revision,
          include: flags.include,
          exclude: flags.exclude,
          onProgress: renderer.onProgress,
        });
      } finally {
        process.off("SIGINT", interrupted);
        renderer.stop();
      }
      const fetched = result.files.filter((f) => !f.cached);
      const bytes = result.files.reduce((sum, f) => sum + f.size, 0);
      process.stderr.write(
        `${t("cli.pull.summary", {
          repo,
          files: result.files.length,
          size: formatBytes(bytes),
          downloaded: fetched.length,
          cached: result.files.length - fetched.length,
        })}\n`,
      );
      process.stdout.write(`${result.snapshot}\n`);
    });
}
