import type { cliChat as en } from "../en/cli-chat.ts";

export const cliChat: Record<keyof typeof en, string> = {
  "cli.chat.opt.system": "一条系统消息",
  "cli.chat.arg.model": "模型文件夹、.gguf、llama2.c .bin 或 hub id ORG/NAME（默认：自带的模型）",
  "cli.chat.description": "在终端里和模型对话，使用模型的对话模板（/help 列出对话命令）",
  "cli.chat.opt.chatTemplate":
    "Jinja 对话模板文件（默认：模型自带的；没有时用朴素的 User:/Assistant: 对话记录）",
  "cli.chat.opt.printPrompt": "打印按模板渲染出的提示词及其词元 id，然后退出",
  "cli.chat.cannotReadTheChat": "无法读取对话模板文件",
  "cli.chat.temperatureDefault": "模型的 generation_config.json，没有则 0.7",
  "cli.chat.topPDefault": "generation_config.json，没有则 0.9",
  "cli.chat.seedUse": "第 k 轮用 seed + k",
  "cli.chat.quitHint": "\n（再按一次 Ctrl-C、/exit 或 Ctrl-D 退出）\n",
  "cli.chat.help":
    '对话命令：\n  /help           显示这个列表\n  /reset          忘掉这段对话（系统消息保留）\n  /system [TEXT]  设置系统消息（不带 TEXT：显示它；/system "" 删除它）\n  /exit           退出（也可按 Ctrl-D，或在提示符处按两次 Ctrl-C）\n输入：行末加 \\ 可接着写下一行；单独一行的 """ 开始和结束一个文本块。\n模型输出时按 Ctrl-C 会停止回复；已写出的部分保留在对话中。',
  "cli.chat.defaultOrigin": "tongguan 的默认值",
  "cli.chat.flagsOver": "命令行选项覆盖了 {origin}",
  "cli.chat.loading": "正在加载 {modelPath}……",
  "cli.chat.plainTemplate":
    '{architecture} 没有对话模板：使用 tongguan 朴素的 "User: … / Assistant:" 对话记录（--chat-template FILE 可另选）',
  "cli.chat.dropped": "（上下文已满：最早的 {n} 条消息被丢弃了）",
  "cli.chat.banner": "{architecture} · {sampling} · /help 列出对话命令",
  "cli.chat.reset": "（对话已重置）",
  "cli.chat.systemShow": "（系统消息：{system}）",
  "cli.chat.systemNone": "无",
  "cli.chat.systemRemoved": "（系统消息已删除）",
  "cli.chat.systemSet": "（系统消息已设置）",
  "cli.chat.unknownCommand": "未知的对话命令 {command}：/help 列出所有命令",
  "cli.chat.stats":
    "[前缀填充 {prefillTokens} 个词元，{prefill} tok/s · 解码 {decodeTokens} 个词元，{decode} tok/s · 停止原因：{stop} · {sampling}]",
  "cli.chat.interrupted": "（已中断：已写出的回复保留在对话中）",
};
