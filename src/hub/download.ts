/**
 * Downloading one blob into the cache, safely:
 *
 * 1. Bytes go to `blobs/<etag>.incomplete`, never to the final name, so an interrupted download
 *    never looks finished.
 * 2. If that file already holds N bytes (an earlier run was cut), ask only for the rest with
 *    `Range: bytes=N-`; the server answers 206 Partial Content. A server that ignores the range
 *    answers 200 with the whole file: start over. 416 (range not satisfiable): start over too.
 * 3. A connection cut or stalled mid-file is retried a few times, each time from where it stopped.
 * 4. At the end the file on disk is checked, not the bytes this process saw arrive: its size must
 *    be the size the hub gave (the listing's, when a mirror's headers say none), and its hash must
 *    equal the ETag (see checksum.ts). On a mismatch the file is deleted and nothing is left behind.
 * 5. Only then is it renamed to `blobs/<etag>`: a rename is atomic, so the blob either is
 *    complete or does not exist. (snapshot.ts holds a lock per blob around all of this.)
 */
import { createReadStream } from "node:fs";
import { mkdir, open, rename, stat, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { t } from "../messages/index.ts";
import { ContentHasher } from "./checksum.ts";
import { HubError, hubFetch, shownUrl } from "./http.ts";

export interface BlobDownload {
  /** The resolve URL; redirects (to a CDN) are followed, the token goes to the hub's origin only. */
  url: string;
  /** Final path, `blobs/<etag>`. */
  blob: string;
  etag: string;
  size?: number;
  token?: string;
  /** Attempts after the first when the connection fails. Default 3. */
  retries?: number;
  /** Give up on an attempt when the server has not answered (headers) in this long. Default 30 s. */
  timeoutMs?: number;
  /** Abort an attempt when no byte of the body arrives for this long. Default 30 s. */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  /** Names the file in messages. */
  what: string;
  onStart?: (info: { total?: number; resumedFrom: number }) => void;
  onBytes?: (loaded: number, total?: number) => void;
  onRetry?: (attempt: number, reason: string) => void;
}

const WRITE_BATCH = 1 << 20;

export async function downloadBlob(job: BlobDownload): Promise<void> {
  const part = `${job.blob}.incomplete`;
  await mkdir(dirname(job.blob), { recursive: true });
  const retries = job.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    try {
      await fetchInto(job, part);
      return await finish(job, part);
    } catch (err) {
      const retryable = err instanceof HubError && err.retryable;
      if (!retryable || attempt >= retries) throw err; // the .incomplete file stays: the next run resumes it
      job.onRetry?.(attempt + 1, (err as Error).message);
      await sleep(Math.min(200 * 2 ** attempt, 2000));
    }
  }
}

async function finish(job: BlobDownload, part: string): Promise<void> {
  const size = (await stat(part)).size;
  if (job.size !== undefined && size !== job.size)
    throw await discard(
      part,
      t("hub.download.theDownloadedFileHolds", { what: job.what, size, jobSize: job.size }),
    );
  const digest = await hashFile(part, new ContentHasher(job.etag, size));
  if (digest !== undefined && digest !== job.etag)
    throw await discard(
      part,
      t("hub.download.checksumMismatchExpectedThe", { what: job.what, etag: job.etag, digest }),
    );
  await rename(part, job.blob);
}

/** Deletes a bad download; the message says whether that worked (never a deletion that did not happen). */
async function discard(part: string, problem: string): Promise<HubError> {
  const removed = await unlink(part).then(
    () => true,
    (err: NodeJS.ErrnoException) => err.code === "ENOENT",
  );
  return new HubError(
    "checksum",
    removed
      ? t("hub.download.deletedRunAgain", { problem })
      : t("hub.download.deleteAndRunAgain", { problem, part }),
  );
}

/** One attempt: continue `part` to the end (checked afterwards, on disk, by `finish`). */
async function fetchInto(job: BlobDownload, part: string): Promise<void> {
  let have = (await stat(part).catch(() => undefined))?.size ?? 0;
  if (job.size !== undefined && have > job.size) {
    await unlink(part); // longer than the file: not a prefix of it
    have = 0;
  }
  if (job.size !== undefined && have === job.size && job.size > 0) return; // finished earlier, not yet renamed
  // The idle timer aborts the request when bytes stop coming; the abort errors the body stream.
  const idle = new AbortController();
  const signal = job.signal ? AbortSignal.any([job.signal, idle.signal]) : idle.signal;
  const idleMs = job.idleTimeoutMs ?? 30_000;
  const timer = setTimeout(() => idle.abort(), idleMs);
  try {
    const response = await hubFetch(job.url, {
      token: job.token,
      headers: have > 0 ? { range: `bytes=${have}-` } : {},
      signal,
      timeoutMs: job.timeoutMs,
      accept: [416],
      what: job.what,
    });
    if (
      have > 0 &&
      (response.status === 416 || (response.status === 206 && !rangeStartsAt(response, have)))
    ) {
      // The server cannot continue our partial file from where it ends: start from byte 0.
      await response.body?.cancel();
      await unlink(part).catch(() => {});
      return fetchInto(job, part);
    }
    if (response.status === 416) {
      throw new HubError(
        "protocol",
        t("hub.download.answeredToARequest", { what: job.what, v2: shownUrl(job.url) }),
      );
    }
    if (have > 0 && response.status === 200) have = 0; // the range was ignored: the whole file follows
    const total = job.size ?? contentLength(response, have);
    job.onStart?.({ total, resumedFrom: have });
    const from = shownUrl(response.url || job.url); // after redirects: the CDN's URL, which is what broke if anything
    const file = await open(part, have > 0 ? "a" : "w");
    let loaded = have;
    // Network chunks are small (16-64 KiB); writing them in batches of about 1 MiB is faster.
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      const batch = pending;
      pending = [];
      pendingBytes = 0;
      if (batch.length > 0) await file.writev(batch);
    };
    try {
      if (!response.body)
        throw new HubError(
          "protocol",
          t("hub.download.emptyResponseFrom", { what: job.what, v2: shownUrl(job.url) }),
        );
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        timer.refresh(); // bytes came: the silence starts again
        pending.push(chunk);
        pendingBytes += chunk.length;
        loaded += chunk.length;
        if (pendingBytes >= WRITE_BATCH) await flush();
        job.onBytes?.(loaded, total);
      }
    } catch (err) {
      if (err instanceof HubError) throw err;
      const reason = idle.signal.aborted
        ? t("hub.download.noData", { ms: idleMs })
        : ((err as Error).message ?? String(err));
      throw new HubError(
        "network",
        t("hub.download.downloadFromBrokeOff", { what: job.what, from, loaded, reason }),
        {
          url: from,
          cause: err,
        },
      );
    } finally {
      await flush().finally(() => file.close()); // what arrived before a cut is kept for the resume
    }
    if (total !== undefined && loaded !== total) {
      throw new HubError(
        "network",
        t("hub.download.connectionClosedAtByte", { what: job.what, loaded, total, from }),
        {
          url: from,
        },
      );
    }
  } finally {
    clearTimeout(timer);
  }
}

function contentLength(response: Response, offset: number): number | undefined {
  const text = response.headers.get("content-length");
  return text !== null && /^\d+$/.test(text) ? offset + Number(text) : undefined;
}

/** A 206 must start where our partial file ends, or appending it would corrupt the file. */
function rangeStartsAt(response: Response, have: number): boolean {
  const start = /^bytes (\d+)-/.exec(response.headers.get("content-range") ?? "")?.[1];
  return start !== undefined && Number(start) === have;
}

async function hashFile(path: string, hasher: ContentHasher): Promise<string | undefined> {
  for await (const chunk of createReadStream(path)) hasher.update(chunk as Buffer);
  return hasher.digest();
}
