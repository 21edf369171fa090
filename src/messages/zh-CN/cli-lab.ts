import type { cliLab as en } from "../en/cli-lab.ts";

export const cliLab: Record<keyof typeof en, string> = {
  "cli.lab.portNeedsAWhole": '--port 需要 0..65535 之间的整数，收到 "{value}"',
  "cli.lab.opt.web": "从 DIR 提供页面（默认：构建好的 dist/web）",
  "cli.lab.opt.tokenizers": '给"词元"页面添加更多分词器（文件夹或文件）',
  "cli.lab.opt.tokenizer": "模型的分词器（默认：模型自带的）",
  "cli.lab.opt.port": "监听端口（0：任意空闲端口）",
  "cli.lab.opt.host": "绑定的地址",
  "cli.lab.arg.model": "模型文件夹、.gguf、llama2.c .bin 或 hub id ORG/NAME（默认：自带的模型）",
  "cli.lab.description": "打开实验室：用网页展示词元、嵌入、注意力、位置编码和运行中的模型",
  "cli.lab.hostNotAnIp": "--host {host}：不是 IP 地址或主机名",
  "cli.lab.tokenizersNoSuchFile": "--tokenizers：没有这个文件或文件夹",
  "cli.lab.webNoSuchFolder": "--web：没有这个文件夹",
  "cli.lab.portInUse": "--port {port}：{host}:{port} 已被占用；请换一个端口（--port 0：任意空闲端口）",
  "cli.lab.cannotListen": "无法在 {host}:{port} 上监听：{reason}",
  "cli.lab.notBuilt": "tongguan lab: 页面还没有构建（npm run build:web）；API 在 /api/ 下可用",
  "cli.lab.serving": "tongguan lab: '{model}' 在 http://{host}:{port}/",
  "cli.lab.noPasswordWarning": "tongguan lab: 警告：{host} 可以从其他机器访问，而实验室没有密码",
};
