/**
 * `tongguan pull ORG/NAME [--revision REV] [--include GLOB...]`: downloads a model from the
 * Hugging Face hub (or the mirror in HF_ENDPOINT) into the cache shared with Python's
 * transformers, showing progress on stderr, and prints the snapshot folder on stdout.
 */
import type { Command } from "commander";
import { formatBytes, pullModel } from "../../hub/index.ts";
import { createProgressRenderer } from "../../hub/progress-bars.ts";

interface PullFlags {
  revision: string;
  include?: string[];
  exclude?: string[];
}

export function register(program: Command): void {
  program
    .command("pull")
    .description(
      "download a model from the Hugging Face hub into its cache (HF_ENDPOINT, HF_TOKEN, HF_HOME apply)",
    )
    .argument("<repo>", 'hub repo id ORG/NAME, e.g. "Qwen/Qwen2-0.5B"')
    .option("-r, --revision <rev>", "branch, tag or commit hash", "main")
    .option(
      "-i, --include <glob...>",
      'only files matching a pattern, e.g. "*.json" "*.safetensors" (* crosses folders)',
    )
    .option("-x, --exclude <glob...>", "leave out files matching a pattern")
    .addHelpText(
      "after",
      "\nExamples:\n  tongguan pull openai-community/gpt2 --include '*.json' '*.safetensors'\n" +
        "  HF_ENDPOINT=https://hf-mirror.com tongguan pull Qwen/Qwen2-0.5B\n",
    )
    .action(async (repo: string, flags: PullFlags) => {
      const renderer = createProgressRenderer(process.stderr);
      // Ctrl-C: put the terminal back (the bars hide the cursor). The partial file stays in the
      // cache as blobs/<etag>.incomplete, and the next pull continues it.
      const interrupted = () => {
        renderer.stop();
        process.stderr.write("interrupted; run the same command again to resume\n");
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
        `${repo}: ${result.files.length} file(s), ${formatBytes(bytes)}; ` +
          `${fetched.length} downloaded, ${result.files.length - fetched.length} already cached\n`,
      );
      process.stdout.write(`${result.snapshot}\n`);
    });
}
