/**
 * `tongguan convert DIR --to gguf --type f32|f16|q8_0|q4_0 --out FILE` — a Hugging Face checkpoint
 * folder (config.json, *.safetensors, tokenizer.json) → one GGUF file that llama.cpp can run.
 * Also accepts a llama2.c checkpoint (with `--tokenizer tok512.bin`) or a GGUF to re-type.
 *
 *   tongguan convert ~/models/Qwen2-0.5B --type q8_0 --out qwen2-0.5b-q8_0.gguf
 *   tongguan convert stories260K.bin --tokenizer tok512.bin --type f32 --out stories260K.gguf
 */
import { statSync } from "node:fs";
import type { Command } from "commander";
import pc from "picocolors";
import { TongguanError } from "../../errors.ts";
import { t } from "../../messages/index.ts";
import { convertToGguf, GGUF_FILE_TYPES, type GgufFileType } from "../../models/convert-gguf.ts";

interface ConvertFlags {
  to: string;
  tokenizer?: string;
  type: string;
  out?: string;
  quiet?: boolean;
}

export function register(program: Command): void {
  program
    .command("convert")
    .description(t("cli.convert.description"))
    .argument("<dir>", t("cli.convert.arg.dir"))
    .option("--to <format>", t("cli.convert.opt.to"), "gguf")
    .option(
      "--type <type>",
      t("cli.convert.opt.type", { GGUF_FILE_TYPES: GGUF_FILE_TYPES.join(", ") }),
      "f16",
    )
    .option("-o, --out <file>", t("cli.convert.opt.out"))
    .option("--tokenizer <file>", t("cli.convert.opt.tokenizer"))
    .option("-q, --quiet", t("cli.convert.opt.quiet"))
    .action((dir: string, flags: ConvertFlags) => {
      if (flags.to !== "gguf") throw new TongguanError(t("cli.convert.toOnlyGgufIs", { to: flags.to }));
      if (!(GGUF_FILE_TYPES as readonly string[]).includes(flags.type)) {
        throw new TongguanError(
          t("cli.convert.typeExpectedOneOf", {
            flagsType: flags.type,
            GGUF_FILE_TYPES: GGUF_FILE_TYPES.join(", "),
          }),
        );
      }
      const type = flags.type as GgufFileType;
      const out = flags.out ?? `${dir.replace(/\/+$/, "").replace(/\.(gguf|bin)$/, "")}-${type}.gguf`;
      const t0 = performance.now();
      const config = convertToGguf(dir, out, {
        type,
        tokenizer: flags.tokenizer,
        onTensor: (name, i, n) => {
          if (!flags.quiet && process.stderr.isTTY)
            process.stderr.write(`\r${pc.dim(`[${i + 1}/${n}]`)} ${name}\x1b[K`);
        },
      });
      if (!flags.quiet && process.stderr.isTTY) process.stderr.write("\r\x1b[K");
      const mb = statSync(out).size / 2 ** 20;
      const secs = (performance.now() - t0) / 1000;
      process.stdout.write(
        `${pc.green(t("cli.convert.wrote"))} ${t("cli.convert.summary", {
          out,
          architecture: config.architecture,
          layers: config.numLayers,
          type,
          size: mb.toFixed(1),
          seconds: secs.toFixed(1),
        })}\n`,
      );
    });
}
