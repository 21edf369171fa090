/** The messages of src/cli/commands/list.ts. */
export const cliList = {
  "cli.list.opt.files": "show the files of every model",
  "cli.list.arg.repo": "show the files of this model (ORG/NAME)",
  "cli.list.description": "list the models in the Hugging Face hub cache, their files and sizes",
  "cli.list.isNotInThe": "{repoId} is not in the cache ({cacheDir}); `tongguan pull {repoId}` gets it",
  "cli.list.noModels": "no models in the cache ({cacheDir}); `tongguan pull ORG/NAME` downloads one",
} as const;
