/** The messages of src/cli/commands/serve.ts. */
export const cliServe = {
  "cli.serve.needsAWholeNumber": '{flag} needs a whole number in {min}..{max}, got "{value}"',
  "cli.serve.opt.rawSpecialTokens":
    "read special-token text inside chat messages as control tokens (unsafe: lets a user forge roles)",
  "cli.serve.opt.cors": 'let web pages from ORIGIN call the API ("*": any page); default same-origin only',
  "cli.serve.opt.chatTemplate": "a Jinja chat template for models without one",
  "cli.serve.opt.modelId": "the model name /v1/models shows (default: the file or folder name)",
  "cli.serve.opt.threads": "compute threads (default and most: the core count)",
  "cli.serve.opt.tokenizer": "the tokenizer (default: the model's own)",
  "cli.serve.opt.ctx":
    "context length per request (default: the longest the free memory holds for --parallel requests, at most the model's)",
  "cli.serve.opt.queue": "requests waiting beyond --parallel before 429",
  "cli.serve.opt.parallel": "requests generating at once",
  "cli.serve.opt.apiKey": "require Authorization: Bearer KEY (all routes but /health)",
  "cli.serve.opt.port": "port to listen on (0: any free port)",
  "cli.serve.opt.host": "address to bind",
  "cli.serve.arg.model":
    "a model folder, a .gguf, a llama2.c .bin, or a hub id ORG/NAME (default: the shipped model)",
  "cli.serve.description":
    "serve a model over an OpenAI-compatible HTTP API (/v1/chat/completions, /v1/completions, /v1/embeddings, …)",
  "cli.serve.apiKeyTheKey":
    "--api-key: the key is empty, which would turn authentication off; give a key or leave the flag out",
  "cli.serve.hostNotAnIp": "--host {host}: not an IP address or host name",
  "cli.serve.cannotReadTheChat": "cannot read the chat template",
  "cli.serve.portIsAlreadyIn":
    "--port {port}: {where} is already in use (another server?); choose another port",
  "cli.serve.portNotAllowedTo":
    "--port {port}: not allowed to listen on {where} (ports below 1024 need privileges)",
  "cli.serve.hostCannotListenOn": "--host {host}: cannot listen on this address ({code})",
  "cli.serve.cannotListenOn": "cannot listen on {where}: {errMessage}",
  "cli.serve.serving":
    "tongguan: serving '{modelId}' on http://{host}:{port}/v1 (context {contextLength}, parallel {parallel})",
  "cli.serve.noApiKeyWarning":
    "tongguan: warning: {host} is reachable from other machines and there is no --api-key: anyone who can reach it can use it",
  "cli.serve.closing": "tongguan: requests still running after {seconds} s: closing them",
} as const;
