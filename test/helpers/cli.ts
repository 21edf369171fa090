/**
 * The real `tongguan` CLI in a child process, as a user runs it (bin/tongguan.js, repository root as
 * the working folder). TONGGUAN_DEBUG and FORCE_COLOR are removed from the environment and NO_COLOR is
 * set, so errors are one line and output has no colours, unless a test sets them; LC_ALL and
 * LC_MESSAGES are removed and LANG is C.UTF-8, so messages are English unless a test asks for Chinese. (picocolors also
 * colours a pipe when CI is set, as on the CI machine, so removing FORCE_COLOR alone is not enough.)
 */
import { type ChildProcessByStdio, spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { repoRoot } from "./fixtures.ts";

export const cliPath = join(repoRoot, "bin", "tongguan.js");

export interface CliOptions {
  /** Standard input (default: empty). */
  input?: string;
  /** Variables set on top of this process's environment. */
  env?: Record<string, string>;
  /** Variables removed from the environment (besides TONGGUAN_DEBUG and FORCE_COLOR). */
  unset?: string[];
  /** The entry script to run instead of bin/tongguan.js (a compiled copy's cli/main.js). */
  script?: string;
  /** Kill the child after this long (default 120 s). */
  timeoutMs?: number;
}

function environment(options: CliOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["TONGGUAN_DEBUG", "FORCE_COLOR", "LC_ALL", "LC_MESSAGES", ...(options.unset ?? [])])
    delete env[k];
  return { ...env, NO_COLOR: "1", LANG: "C.UTF-8", ...options.env };
}

/** Starts `tongguan ARGS…` and hands back the child (a server a test talks to, then stops). */
export function spawnCli(
  args: string[],
  options: CliOptions = {},
): ChildProcessByStdio<null, null, Readable> {
  return spawn(process.execPath, [options.script ?? cliPath, ...args], {
    cwd: repoRoot,
    env: environment(options),
    stdio: ["ignore", "ignore", "pipe"],
  });
}

/** Runs `tongguan ARGS…` without blocking this process (a server in the test keeps answering). */
export function runCli(
  args: string[],
  options: CliOptions = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.script ?? cliPath, ...args], {
      cwd: repoRoot,
      env: environment(options),
      timeout: options.timeoutMs ?? 120_000,
    });
    let stdout = "";
    let stderr = "";
    // Decoded as a stream: a chunk may end inside a UTF-8 character.
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** Runs `tongguan ARGS…` and waits for it. */
export function runCliSync(
  args: string[],
  options: CliOptions = {},
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [options.script ?? cliPath, ...args], {
    cwd: repoRoot,
    input: options.input ?? "",
    encoding: "utf8",
    env: environment(options),
    timeout: options.timeoutMs ?? 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
