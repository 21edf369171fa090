import type { cliServe as en } from "../en/cli-serve.ts";

export const cliServe: Record<keyof typeof en, string> = {
  "cli.serve.needsAWholeNumber": '{flag} 需要 {min}..{max} 之间的整数，收到 "{value}"',
  "cli.serve.opt.rawSpecialTokens": "把对话消息中的特殊词元文本当作控制词元（不安全：用户可以伪造角色）",
  "cli.serve.opt.cors": '允许来自 ORIGIN 的网页调用 API（"*"：任意网页）；默认只允许同源',
  "cli.serve.opt.chatTemplate": "给没有对话模板的模型用的 Jinja 对话模板",
  "cli.serve.opt.modelId": "/v1/models 显示的模型名（默认：文件或文件夹名）",
  "cli.serve.opt.threads": "计算线程数（默认也是最多：CPU 核数）",
  "cli.serve.opt.tokenizer": "分词器（默认：模型自带的）",
  "cli.serve.opt.ctx":
    "每个请求的上下文长度（默认：空闲内存能为 --parallel 个请求容纳的最长值，不超过模型的上限）",
  "cli.serve.opt.queue": "超出 --parallel 后可排队的请求数，再多则返回 429",
  "cli.serve.opt.parallel": "同时生成的请求数",
  "cli.serve.opt.apiKey": "要求 Authorization: Bearer KEY（/health 之外的所有路由）",
  "cli.serve.opt.port": "监听端口（0：任意空闲端口）",
  "cli.serve.opt.host": "绑定的地址",
  "cli.serve.arg.model": "模型文件夹、.gguf、llama2.c .bin 或 hub id ORG/NAME（默认：自带的模型）",
  "cli.serve.description":
    "通过兼容 OpenAI 的 HTTP API 提供模型服务（/v1/chat/completions、/v1/completions、/v1/embeddings……）",
  "cli.serve.apiKeyTheKey": "--api-key：密钥为空，这会关闭鉴权；请给出密钥，或不用这个选项",
  "cli.serve.hostNotAnIp": "--host {host}：不是 IP 地址或主机名",
  "cli.serve.cannotReadTheChat": "无法读取对话模板",
  "cli.serve.portIsAlreadyIn": "--port {port}：{where} 已被占用（另一个服务器？）；请换一个端口",
  "cli.serve.portNotAllowedTo": "--port {port}：无权在 {where} 上监听（1024 以下的端口需要特权）",
  "cli.serve.hostCannotListenOn": "--host {host}：无法在这个地址上监听（{code}）",
  "cli.serve.cannotListenOn": "无法在 {where} 上监听：{errMessage}",
  "cli.serve.serving":
    "tongguan: 正在 http://{host}:{port}/v1 上提供 '{modelId}'（上下文 {contextLength}，并行 {parallel}）",
  "cli.serve.noApiKeyWarning":
    "tongguan: 警告：{host} 可以从其他机器访问，而且没有设置 --api-key：任何能访问到它的人都能使用",
  "cli.serve.closing": "tongguan: {seconds} s 后仍有请求在运行：关闭它们",
};
