/**
 * One download of a blob at a time, across processes: a lock file per blob in huggingface_hub's
 * layout, `<cache>/.locks/models--ORG--NAME/<etag>.lock`. Without it two `pull`s of one repo append
 * to the same `.incomplete` file and each checks only the bytes it received itself.
 *
 * The lock is the file's existence, created with O_EXCL (`wx`), which is atomic on every local file
 * system; it holds the owner's pid, so a lock left by a process that died is taken over.
 */
import { mkdir, open, readFile, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export async function withLock<T>(
  lockFile: string,
  work: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  await mkdir(dirname(lockFile), { recursive: true });
  for (let wait = 20; ; wait = Math.min(wait * 2, 500)) {
    signal?.throwIfAborted();
    try {
      const handle = await open(lockFile, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      if (await ownerIsGone(lockFile)) await unlink(lockFile).catch(() => {});
      else await sleep(wait);
    }
  }
  try {
    return await work();
  } finally {
    await unlink(lockFile).catch(() => {});
  }
}

/** The pid in the lock file names no running process (a crashed download). */
async function ownerIsGone(lockFile: string): Promise<boolean> {
  const text = await readFile(lockFile, "utf8").catch(() => "");
  const pid = Number(text);
  if (!Number.isSafeInteger(pid) || pid <= 0) return false; // being written right now, or not ours to judge
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}
