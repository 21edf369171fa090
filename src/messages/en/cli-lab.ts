/** The messages of src/cli/commands/lab.ts. */
export const cliLab = {
  "cli.lab.portNeedsAWhole": '--port needs a whole number in 0..65535, got "{value}"',
  "cli.lab.opt.web": "serve the pages from DIR (default: the built dist/web)",
  "cli.lab.opt.tokenizers": "more tokenizers for the Tokens page (folders or files)",
  "cli.lab.opt.tokenizer": "the model's tokenizer (default: the model's own)",
  "cli.lab.opt.port": "port to listen on (0: any free port)",
  "cli.lab.opt.host": "address to bind",
  "cli.lab.arg.model":
    "a model folder, a .gguf, a llama2.c .bin, or a hub id ORG/NAME (default: the shipped model)",
  "cli.lab.description":
    "open the lab: web pages showing tokens, embeddings, attention, positions and the model at work",
  "cli.lab.hostNotAnIp": "--host {host}: not an IP address or host name",
  "cli.lab.tokenizersNoSuchFile": "--tokenizers: no such file or folder",
  "cli.lab.webNoSuchFolder": "--web: no such folder",
  "cli.lab.portInUse":
    "--port {port}: {host}:{port} is already in use; choose another port (--port 0: any free one)",
  "cli.lab.cannotListen": "cannot listen on {host}:{port}: {reason}",
  "cli.lab.notBuilt":
    "tongguan lab: the pages are not built (npm run build:web); the API answers under /api/",
  "cli.lab.serving": "tongguan lab: '{model}' at http://{host}:{port}/",
  "cli.lab.noPasswordWarning":
    "tongguan lab: warning: {host} is reachable from other machines, and the lab has no password",
} as const;
