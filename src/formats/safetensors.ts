/**
 * safetensors reader: one file, or a folder sharded by `model.safetensors.index.json`.
 *
 * A safetensors file is
 *
 *   u64 N (little-endian) | N bytes of JSON header | data
 *
 * and the header maps each tensor name to `{ "dtype": "F16", "shape": [896, 4864], "data_offsets":
 * [begin, end] }` (offsets relative to the start of the data), plus an optional `__metadata__` object
 * of strings. Shapes are already outermost first and matrices are stored as PyTorch keeps them:
 * `nn.Linear` weights are (out_features, in_features).
 *
 *   const st = readSafetensors("model.safetensors");
 *   st.tensors.map((t) => t.name);           // ["model.embed_tokens.weight", …]
 *   const w = st.loadTensor("model.norm.weight");   // Tensor in shared wasm memory
 *
 * F32, F16, BF16 and I32 are read with fs.readSync straight into shared wasm memory. I8, U8, I16,
 * BOOL and I64 (small integer buffers such as BERT's `position_ids`) are widened to i32, F64 is
 * narrowed to f32 — those need a temporary copy, but are never large weights.
 */
import { closeSync, existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileError, TongguanError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";
import { allocWeight } from "../tensor/memory.ts";
import { type DType, Tensor } from "../tensor/tensor.ts";
import { openForReading, readExactly, withFileReader } from "./file-reader.ts";
import { readTensor } from "./tensor-storage.ts";

export type SafetensorsDType = "F64" | "F32" | "F16" | "BF16" | "I64" | "I32" | "I16" | "I8" | "U8" | "BOOL";

/** Bytes per element of each dtype, and the Tensor dtype it loads as. */
export const DTYPES: Record<SafetensorsDType, { bytes: number; loadsAs: DType }> = {
  F64: { bytes: 8, loadsAs: "f32" },
  F32: { bytes: 4, loadsAs: "f32" },
  F16: { bytes: 2, loadsAs: "f16" },
  BF16: { bytes: 2, loadsAs: "bf16" },
  I64: { bytes: 8, loadsAs: "i32" },
  I32: { bytes: 4, loadsAs: "i32" },
  I16: { bytes: 2, loadsAs: "i32" },
  I8: { bytes: 1, loadsAs: "i32" },
  U8: { bytes: 1, loadsAs: "i32" },
  BOOL: { bytes: 1, loadsAs: "i32" },
};

/** Tensor dtype → safetensors dtype, for the writer. */
export const SAFETENSORS_DTYPE_OF: Partial<Record<DType, SafetensorsDType>> = {
  f32: "F32",
  f16: "F16",
  bf16: "BF16",
  i32: "I32",
};

export interface SafetensorsTensorInfo {
  name: string;
  dtype: SafetensorsDType;
  /** The Tensor dtype `loadTensor` returns. */
  loadsAs: DType;
  shape: number[];
  /** The file that holds it (differs per shard). */
  file: string;
  /** Absolute offset of its first byte in `file`. */
  fileOffset: number;
  nbytes: number;
}

export interface SafetensorsCheckpoint {
  /** The file, or the index.json for a sharded checkpoint. */
  path: string;
  /** `__metadata__` (for a sharded checkpoint, that of the first shard plus the index's `metadata`). */
  metadata: Record<string, string>;
  tensors: SafetensorsTensorInfo[];
  tensorInfo(name: string): SafetensorsTensorInfo | undefined;
  loadTensor(name: string): Tensor;
  /** As GgufFile.loadTensors: `shared = false` reads into ordinary memory. */
  loadTensors(names: string[], shared?: boolean): Map<string, Tensor>;
}

// Real headers are at most a few MB; the reference implementation refuses above 100 MB.
const MAX_HEADER = 100_000_000;

export interface ParsedFile {
  metadata: Record<string, string>;
  tensors: SafetensorsTensorInfo[];
}

/** Reads and validates one file's header. */
function parseFile(path: string): ParsedFile {
  return withFileReader(path, (r) => {
    if (r.size < 8) throw fileError(path, tr("formats.safetensors.notASafetensorsFile"));
    const n = r.u64("header length");
    if (n > MAX_HEADER || n > r.remaining) {
      throw fileError(path, tr("formats.safetensors.notASafetensorsFile2", { n, rSize: r.size }));
    }
    const text = r.utf8(n, "JSON header");
    let header: unknown;
    try {
      header = JSON.parse(text);
    } catch (e) {
      throw fileError(path, tr("formats.safetensors.headerIsNotValid", { message: (e as Error).message }));
    }
    if (typeof header !== "object" || header === null || Array.isArray(header)) {
      throw fileError(path, tr("formats.safetensors.headerIsNotA"));
    }
    const dataStart = 8 + n;
    const dataSize = r.size - dataStart;
    const metadata: Record<string, string> = {};
    const tensors: SafetensorsTensorInfo[] = [];
    for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
      if (name === "__metadata__") {
        if (typeof entry !== "object" || entry === null)
          throw fileError(path, tr("formats.safetensors.metadataIsNotAn"));
        for (const [k, v] of Object.entries(entry)) {
          if (typeof v !== "string") throw fileError(path, tr("formats.safetensors.metadataIsNotA", { k }));
          metadata[k] = v;
        }
        continue;
      }
      tensors.push(parseEntry(path, name, entry, dataStart, dataSize));
    }
    // Tensors must not overlap (a crafted header could alias one tensor's bytes as another's).
    const sorted = [...tensors].sort((a, b) => a.fileOffset - b.fileOffset);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1];
      if (sorted[i].fileOffset < prev.fileOffset + prev.nbytes) {
        throw fileError(
          path,
          tr("formats.safetensors.tensorsAndOverlap", { prevName: prev.name, name: sorted[i].name }),
        );
      }
    }
    return { metadata, tensors };
  });
}

function parseEntry(path: string, name: string, entry: unknown, dataStart: number, dataSize: number) {
  const bad = (problem: string) => fileError(path, tr("formats.safetensors.tensor", { name, problem }));
  if (typeof entry !== "object" || entry === null) throw bad("header entry is not an object");
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
  if (typeof dtype !== "string" || !(dtype in DTYPES))
    throw bad(`unsupported dtype ${JSON.stringify(dtype)}`);
  const dt = DTYPES[dtype as SafetensorsDType];
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0) || shape.length > 8) {
    throw bad(`shape ${JSON.stringify(shape)} is not a list of sizes`);
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
    offsets[1] < offsets[0]
  ) {
    throw bad(`data_offsets ${JSON.stringify(offsets)} are not [begin, end]`);
  }
  const [begin, end] = offsets as [number, number];
  const elements = (shape as number[]).reduce((a, b) => a * b, 1);
  if (elements * dt.bytes !== end - begin) {
    throw bad(`${dtype} [${shape}] needs ${elements * dt.bytes} bytes but data_offsets span ${end - begin}`);
  }
  if (end > dataSize)
    throw bad(`data ends at ${end}, past the ${dataSize} data bytes of the file: truncated?`);
  return {
    name,
    dtype: dtype as SafetensorsDType,
    loadsAs: dt.loadsAs,
    shape: shape as number[],
    file: path,
    fileOffset: dataStart + begin,
    nbytes: end - begin,
  };
}

/** Reads one tensor from an open file: straight into shared memory, or via a widening copy. */
function loadOne(fd: number, info: SafetensorsTensorInfo, shared: boolean): Tensor {
  const what = `tensor '${info.name}'`;
  if (info.dtype === "F32" || info.dtype === "F16" || info.dtype === "BF16" || info.dtype === "I32") {
    return readTensor(fd, info.file, info.fileOffset, info.nbytes, info.shape, info.loadsAs, what, shared);
  }
  const raw = Buffer.alloc(info.nbytes);
  readExactly(fd, info.file, raw, info.fileOffset, what);
  const n = info.nbytes / DTYPES[info.dtype].bytes;
  const bytes = shared ? allocWeight(n * 4, info.shape.length >= 2) : new Uint8Array(n * 4);
  if (info.dtype === "F64") {
    const out = new Float32Array(bytes.buffer, bytes.byteOffset, n);
    for (let i = 0; i < n; i++) out[i] = raw.readDoubleLE(8 * i);
    return new Tensor(info.shape, "f32", out);
  }
  const out = new Int32Array(bytes.buffer, bytes.byteOffset, n);
  for (let i = 0; i < n; i++) {
    switch (info.dtype) {
      case "I64": {
        const v = raw.readBigInt64LE(8 * i);
        if (v > 0x7fffffffn || v < -0x80000000n) {
          throw fileError(info.file, tr("formats.safetensors.iValueDoesNot", { what, v }));
        }
        out[i] = Number(v);
        break;
      }
      case "I16":
        out[i] = raw.readInt16LE(2 * i);
        break;
      case "I8":
        out[i] = raw.readInt8(i);
        break;
      default: // U8, BOOL
        out[i] = raw[i];
    }
  }
  return new Tensor(info.shape, "i32", out);
}

/** A checkpoint over tensors whose bytes lie raw, little-endian and contiguous in files (safetensors, PyTorch zip). */
export function tensorFileCheckpoint(
  path: string,
  metadata: Record<string, string>,
  tensors: SafetensorsTensorInfo[],
): SafetensorsCheckpoint {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const loadTensors = (names: string[], shared = true): Map<string, Tensor> => {
    const out = new Map<string, Tensor>();
    const fds = new Map<string, number>();
    try {
      for (const name of names) {
        const info = byName.get(name);
        if (!info) throw fileError(path, tr("formats.safetensors.noTensorNamed", { name }));
        let fd = fds.get(info.file);
        if (fd === undefined) {
          fd = openForReading(info.file).fd;
          fds.set(info.file, fd);
        }
        out.set(name, loadOne(fd, info, shared));
      }
    } finally {
      for (const fd of fds.values()) closeSync(fd);
    }
    return out;
  };
  return {
    path,
    metadata,
    tensors,
    tensorInfo: (name) => byName.get(name),
    loadTensor: (name) => loadTensors([name]).get(name)!,
    loadTensors,
  };
}

/** Reads the header of a single `.safetensors` file. */
export function readSafetensors(path: string): SafetensorsCheckpoint {
  const f = parseFile(path);
  return tensorFileCheckpoint(path, f.metadata, f.tensors);
}

/**
 * Reads a sharded checkpoint from its `model.safetensors.index.json` (or PyTorch's
 * `pytorch_model.bin.index.json`, the same layout, with its own `parseShard`): every shard's header
 * is read and checked against the index's `weight_map`.
 */
export function readSafetensorsIndex(
  indexPath: string,
  parseShard: (path: string) => ParsedFile = parseFile,
): SafetensorsCheckpoint {
  let index: { weight_map?: unknown; metadata?: unknown };
  try {
    index = JSON.parse(readFileSync(indexPath, "utf8"));
  } catch (e) {
    throw fileError(
      indexPath,
      tr("formats.safetensors.cannotReadTheShard", { message: (e as Error).message }),
    );
  }
  const map = index.weight_map;
  if (typeof map !== "object" || map === null)
    throw fileError(indexPath, tr("formats.safetensors.hasNoWeightMap"));
  const dir = dirname(indexPath);
  const shards = new Set<string>();
  for (const [name, file] of Object.entries(map)) {
    if (typeof file !== "string" || file.includes("/") || file.includes("\\")) {
      throw fileError(indexPath, tr("formats.safetensors.weightMapIsNot", { name }));
    }
    shards.add(file);
  }
  const tensors: SafetensorsTensorInfo[] = [];
  const metadata: Record<string, string> = {};
  for (const shard of shards) {
    const path = join(dir, shard);
    if (!existsSync(path))
      throw fileError(
        path,
        tr("formats.safetensors.shardMissingListsIt", { indexPath: basename(indexPath) }),
      );
    const f = parseShard(path);
    Object.assign(metadata, f.metadata);
    tensors.push(...f.tensors);
  }
  const byName = new Map(tensors.map((t) => [t.name, t]));
  for (const [name, file] of Object.entries(map as Record<string, string>)) {
    const t = byName.get(name);
    if (!t) throw fileError(join(dir, file), tr("formats.safetensors.tensorIsListedIn", { name }));
    if (dirname(t.file) !== dir || !t.file.endsWith(file)) {
      throw fileError(
        indexPath,
        tr("formats.safetensors.tensorIsInBut", { name, file: t.file, file2: file }),
      );
    }
  }
  if (typeof index.metadata === "object" && index.metadata !== null) {
    for (const [k, v] of Object.entries(index.metadata)) metadata[k] = String(v);
  }
  return tensorFileCheckpoint(indexPath, metadata, tensors);
}

/** A folder's safetensors weights: the sharded index if there is one, else `model.safetensors`. */
export function readSafetensorsFolder(dir: string): SafetensorsCheckpoint {
  const index = join(dir, "model.safetensors.index.json");
  if (existsSync(index)) return readSafetensorsIndex(index);
  const single = join(dir, "model.safetensors");
  if (existsSync(single)) return readSafetensors(single);
  throw new TongguanError(tr("formats.safetensors.noModelSafetensorsOr", { dir }));
}
