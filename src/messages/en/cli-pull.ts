/** The messages of src/cli/commands/pull.ts. */
export const cliPull = {
  "cli.pull.helpText":
    "\nExamples:\n  tongguan pull openai-community/gpt2 --include '*.json' '*.safetensors'\n  HF_ENDPOINT=https://hf-mirror.com tongguan pull Qwen/Qwen2-0.5B\n",
  "cli.pull.opt.exclude": "leave out files matching a pattern",
  "cli.pull.opt.include": 'only files matching a pattern, e.g. "*.json" "*.safetensors" (* crosses folders)',
  "cli.pull.opt.revision": "branch, tag or commit hash",
  "cli.pull.arg.repo": 'hub repo id ORG/NAME, e.g. "Qwen/Qwen2-0.5B"',
  "cli.pull.description":
    "download a model from the Hugging Face hub into its cache (HF_ENDPOINT, HF_TOKEN, HF_HOME apply)",
  "cli.pull.interrupted": "interrupted; run the same command again to resume",
  "cli.pull.summary": "{repo}: {files} file(s), {size}; {downloaded} downloaded, {cached} already cached",
} as const;
