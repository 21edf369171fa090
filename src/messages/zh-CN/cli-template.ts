import type { cliTemplate as en } from "../en/cli-template.ts";

export const cliTemplate: Record<keyof typeof en, string> = {
  "cli.template.opt.json": '输出 {"messages", "prompt", "ids", "tokens"}',
  "cli.template.opt.noGenerationPrompt": "结尾不加助手（assistant）的开头",
  "cli.template.opt.chatTemplate": "用这个 Jinja 对话模板文件代替模型自带的",
  "cli.template.opt.system": "一条系统消息",
  "cli.template.arg.model": "模型文件夹、.gguf 或 hub id（读取它的分词器和 chat_template）",
  "cli.template.description": "用模型的对话模板渲染消息：得到提示词字符串及其词元 id",
  "cli.template.chatTemplateCannotRead": "--chat-template：无法读取该文件",
};
