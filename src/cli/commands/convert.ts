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
    .description(
      "convert a Hugging Face checkpoint folder (safetensors + config.json + tokenizer.json) to GGUF",
    )
    .argument("<dir>", "checkpoint folder (or a llama2.c .bin, or a .gguf)")
    .option("--to <format>", "output format (only gguf)", "gguf")
    .option("--type <type>", `weight type: ${GGUF_FILE_TYPES.join(", ")}`, "f16")
    .option("-o, --out <file>", "output file (default: <dir>-<type>.gguf)")
    .option("--tokenizer <file>", "llama2.c input: its tokenizer .bin")
    .option("-q, --quiet", "no progress output")
    .action((dir: string, flags: ConvertFlags) => {
      if (flags.to !== "gguf") throw new TongguanError(`--to ${flags.to}: only 'gguf' is supported`);
      if (!(GGUF_FILE_TYPES as readonly string[]).includes(flags.type)) {
        throw new TongguanError(`--type ${flags.type}: expected one of ${GGUF_FILE_TYPES.join(", ")}`);
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
        `${pc.green("wrote")} ${out}: ${config.architecture}, ${config.numLayers} layers, ${type}, ` +
          `${mb.toFixed(1)} MiB in ${secs.toFixed(1)} s\n`,
      );
    });
}
