/** The messages of src/cli/commands/rm.ts. */
export const cliRm = {
  "cli.rm.arg.repo": "hub repo id ORG/NAME",
  "cli.rm.description": "remove a model from the Hugging Face hub cache (see `tongguan list`)",
} as const;
