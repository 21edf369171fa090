/**
 * GGUF reader (versions 2 and 3): metadata, tensor infos, and lazy one-tensor-at-a-time loading.
 *
 * A GGUF file is, in order (all little-endian):
 *
 *   "GGUF" | u32 version | u64 tensor_count | u64 kv_count
 *   kv_count × (string key, u32 value_type, value)          ← metadata
 *   tensor_count × (string name, u32 n_dims, n_dims × u64 ne, u32 ggml_type, u64 offset)
 *   padding to `general.alignment` (default 32)
 *   tensor data; each tensor starts at data_start + offset
 *
 * where a string is a u64 byte length followed by UTF-8 bytes, and an array is a u32 item type, a u64
 * count and the items. ggml lists dimensions innermost first: `ne = [4096, 32000]` is 32000 rows of
 * 4096 values. Our Tensor shapes are outermost first, so that tensor becomes shape [32000, 4096].
 *
 * Example:
 *
 *   const gguf = readGguf("tiny-llama-f32.gguf");
 *   gguf.metadata.get("general.architecture");   // "llama"
 *   gguf.tensors[0];                              // { name: "token_embd.weight", shape: [32000, 32], dtype: "f32", … }
 *   const emb = gguf.loadTensor("token_embd.weight");  // Tensor in shared wasm memory
 *
 * Reading the header touches only the header; `loadTensor` reads one tensor's bytes with fs.readSync
 * straight into shared wasm memory (`alloc`), so a model is never held twice. Tensors keep ggml's raw
 * layout (quantized types stay blocks); this module does no name mapping and no Q/K un-permutation —
 * see checkpoint.ts / names.ts for that.
 */
import { closeSync } from "node:fs";
import { fileError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";
import type { DType, Tensor } from "../tensor/tensor.ts";
import { type FileReader, openForReading, withFileReader } from "./file-reader.ts";
import { GgufMetadata, LAZY_ARRAY_ITEMS, skipStrings } from "./gguf-lazy.ts";
import {
  GGML_TYPE_BY_ID,
  type GgufType,
  type GgufTypedValue,
  type GgufValue,
  GgufValueType,
  ggmlTypeName,
  VALUE_MIN_BYTES,
} from "./gguf-types.ts";
import { readTensor } from "./tensor-storage.ts";

export { type GgufType, type GgufTypedValue, type GgufValue, GgufValueType } from "./gguf-types.ts";

/** Where one tensor lives in the file and what it holds. */
export interface GgufTensorInfo {
  name: string;
  /** Our shape, outermost first (ggml's `ne` reversed). */
  shape: number[];
  /** ggml's `ne`, innermost first, exactly as stored. */
  ne: number[];
  dtype: DType;
  /** ggml type id (e.g. 8 = Q8_0). */
  ggmlType: number;
  /** Offset relative to the start of the data section. */
  offset: number;
  /** Absolute file offset of the first byte. */
  fileOffset: number;
  /** Bytes of storage. */
  nbytes: number;
}

export interface GgufFile {
  path: string;
  version: number;
  /** Metadata values in file order: `general.architecture`, `llama.block_count`, `tokenizer.ggml.tokens`, … */
  metadata: Map<string, GgufValue>;
  /** The GGUF type of each metadata value (needed to write it back faithfully). */
  metadataTypes: Map<string, GgufType>;
  tensors: GgufTensorInfo[];
  /** The number of items of metadata array `key` (without reading a long one); undefined if none. */
  metadataLength(key: string): number | undefined;
  /** `general.alignment`, or 32. */
  alignment: number;
  /** Absolute offset of the tensor data section. */
  dataOffset: number;
  fileSize: number;
  /** The info of tensor `name`, or undefined. */
  tensorInfo(name: string): GgufTensorInfo | undefined;
  /** Reads one tensor into shared wasm memory. Throws TongguanError if it is absent or unreadable. */
  loadTensor(name: string): Tensor;
  /**
   * Reads several tensors with one open file (faster than one loadTensor each). With `shared = false`
   * they go to ordinary memory instead (for data a loader transforms before keeping it).
   */
  loadTensors(names: string[], shared?: boolean): Map<string, Tensor>;
}

const MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
const MAX_DIMS = 4; // GGML_MAX_DIMS
const MAX_NESTING = 8;
// Smallest possible bytes per kv pair (empty key + type + a u8) and per tensor info.
const MIN_KV_BYTES = 8 + 4 + 1;
const MIN_TENSOR_INFO_BYTES = 8 + 4 + 8 + 4 + 8;

/** Reads a GGUF file's header (metadata and tensor infos). Tensor data is read later, on demand. */
export function readGguf(path: string): GgufFile {
  const header = withFileReader(path, (r) => readHeader(r));
  const byName = new Map(header.tensors.map((t) => [t.name, t]));

  const load = (fd: number, name: string, shared: boolean): Tensor => {
    const info = byName.get(name);
    if (!info) throw fileError(path, tr("formats.gguf.noTensorNamed", { name }));
    return readTensor(
      fd,
      path,
      info.fileOffset,
      info.nbytes,
      info.shape,
      info.dtype,
      `tensor '${name}'`,
      shared,
    );
  };
  const loadTensors = (names: string[], shared = true): Map<string, Tensor> => {
    const { fd } = openForReading(path);
    try {
      return new Map(names.map((n) => [n, load(fd, n, shared)]));
    } finally {
      closeSync(fd);
    }
  };
  return {
    path,
    ...header,
    tensorInfo: (name) => byName.get(name),
    metadataLength: (key) => header.metadata.lengthOf(key),
    loadTensor: (name) => loadTensors([name]).get(name)!,
    loadTensors,
  };
}

/** One metadata value with its type, for copying metadata into the writer. */
export function typedMetadata(file: GgufFile, key: string): GgufTypedValue | undefined {
  const type = file.metadataTypes.get(key);
  return type === undefined ? undefined : { type, value: file.metadata.get(key)! };
}

function readHeader(r: FileReader) {
  const path = r.path;
  if (r.size < 4 || r.u32("magic") !== MAGIC) throw fileError(path, tr("formats.gguf.notAGgufFile"));
  const version = r.u32("version");
  if (version === 1) throw fileError(path, tr("formats.gguf.ggufVersionIsNot"));
  if (version > 0xffff) throw fileError(path, tr("formats.gguf.bigEndianGgufFiles"));
  if (version !== 2 && version !== 3)
    throw fileError(path, tr("formats.gguf.unsupportedGgufVersionOnly", { version }));

  const tensorCount = r.u64("tensor_count");
  const kvCount = r.u64("metadata_kv_count");
  if (kvCount * MIN_KV_BYTES > r.remaining) {
    throw fileError(path, tr("formats.gguf.corruptHeaderMetadataEntries", { kvCount }));
  }
  if (tensorCount * MIN_TENSOR_INFO_BYTES > r.remaining) {
    throw fileError(path, tr("formats.gguf.corruptHeaderTensorInfos", { tensorCount }));
  }

  const metadata = new GgufMetadata();
  const metadataTypes = new Map<string, GgufType>();
  for (let i = 0; i < kvCount; i++) {
    const key = readString(r, `metadata key #${i}`);
    const what = `metadata '${key}'`;
    if (metadata.has(key)) throw fileError(path, tr("formats.gguf.duplicate", { what }));
    const typeId = r.u32(`${what} type`);
    if (typeId === GgufValueType.ARRAY && deferArray(r, metadata, metadataTypes, key, what)) continue;
    const { value, type } = readValue(r, typeId, what, 0);
    metadata.set(key, value);
    metadataTypes.set(key, type);
  }

  let alignment = 32;
  if (metadata.has("general.alignment")) {
    const a = metadata.get("general.alignment");
    if (typeof a !== "number" || a <= 0 || (a & (a - 1)) !== 0 || a > 1 << 20) {
      throw fileError(path, tr("formats.gguf.metadataGeneralAlignmentMust", { a: String(a) }));
    }
    alignment = a;
  }

  const tensors: GgufTensorInfo[] = [];
  const names = new Set<string>();
  for (let i = 0; i < tensorCount; i++) {
    const name = readString(r, `tensor #${i} name`);
    const what = `tensor '${name}'`;
    if (names.has(name)) throw fileError(path, tr("formats.gguf.duplicate2", { what }));
    names.add(name);
    const nDims = r.u32(`${what} n_dims`);
    if (nDims < 1 || nDims > MAX_DIMS)
      throw fileError(path, tr("formats.gguf.hasDimensions", { what, nDims, MAX_DIMS }));
    const ne: number[] = [];
    for (let d = 0; d < nDims; d++) {
      const n = r.u64(`${what} dimension ${d}`);
      if (n > r.size * 8) throw fileError(path, tr("formats.gguf.dimensionIsLargerThan", { what, d, n }));
      ne.push(n);
    }
    const ggmlType = r.u32(`${what} type`);
    const t = GGML_TYPE_BY_ID.get(ggmlType);
    if (!t) throw fileError(path, tr("formats.gguf.hasGgmlTypeWhich", { what, v2: ggmlTypeName(ggmlType) }));
    if (ne[0] % t.blockSize !== 0) {
      throw fileError(
        path,
        tr("formats.gguf.rowLengthIsNot", { what, v2: ne[0], tName: t.name, blockSize: t.blockSize }),
      );
    }
    const elements = ne.reduce((a, b) => a * b, 1);
    const nbytes = (elements / t.blockSize) * t.blockBytes;
    const offset = r.u64(`${what} offset`);
    if (offset % alignment !== 0) {
      throw fileError(path, tr("formats.gguf.dataOffsetIsNot", { what, offset, alignment }));
    }
    tensors.push({
      name,
      shape: [...ne].reverse(),
      ne,
      dtype: t.dtype,
      ggmlType,
      offset,
      fileOffset: 0,
      nbytes,
    });
  }

  const dataOffset = Math.ceil(r.pos / alignment) * alignment;
  for (const t of tensors) {
    t.fileOffset = dataOffset + t.offset;
    if (!Number.isSafeInteger(t.nbytes) || t.fileOffset + t.nbytes > r.size) {
      throw fileError(
        path,
        tr("formats.gguf.tensorBytesAtOffset", {
          tName: t.name,
          v2: ggmlTypeName(t.ggmlType),
          shape: t.shape,
          nbytes: t.nbytes,
          fileOffset: t.fileOffset,
          rSize: r.size,
        }),
      );
    }
  }
  return { version, metadata, metadataTypes, tensors, alignment, dataOffset, fileSize: r.size };
}

/**
 * A long array of strings or numbers (a vocabulary) is skipped and deferred (gguf-lazy.ts): returns
 * true then, with `r` after the array; false (and `r` unmoved) for any other array.
 */
function deferArray(
  r: FileReader,
  metadata: GgufMetadata,
  types: Map<string, GgufType>,
  key: string,
  what: string,
): boolean {
  const start = r.pos;
  const itemType = r.u32(`${what} item type`);
  const count = r.u64(`${what} item count`);
  const min = VALUE_MIN_BYTES[itemType as GgufValueType];
  const deferrable = itemType !== GgufValueType.ARRAY && itemType !== GgufValueType.BOOL && min !== undefined;
  if (!deferrable || count <= LAZY_ARRAY_ITEMS) {
    r.pos = start;
    return false;
  }
  if (count * min > r.remaining) {
    throw fileError(r.path, tr("formats.gguf.arrayOfItemsCannot", { what, count, remaining: r.remaining }));
  }
  if (itemType === GgufValueType.STRING) skipStrings(r, count, what);
  else r.skip(count * min, what); // numbers: min is their size
  const path = r.path;
  metadata.defer(key, count, () =>
    withFileReader(path, (again) => {
      again.pos = start;
      return readValue(again, GgufValueType.ARRAY, what, 0).value;
    }),
  );
  types.set(key, { array: itemType as GgufType });
  return true;
}

function readString(r: FileReader, what: string): string {
  const n = r.u64(`${what} length`);
  return r.utf8(n, what);
}

function readValue(
  r: FileReader,
  typeId: number,
  what: string,
  depth: number,
): { value: GgufValue; type: GgufType } {
  switch (typeId) {
    case GgufValueType.UINT8:
      return { value: r.u8(what), type: typeId };
    case GgufValueType.INT8:
      return { value: r.i8(what), type: typeId };
    case GgufValueType.UINT16:
      return { value: r.u16(what), type: typeId };
    case GgufValueType.INT16:
      return { value: r.i16(what), type: typeId };
    case GgufValueType.UINT32:
      return { value: r.u32(what), type: typeId };
    case GgufValueType.INT32:
      return { value: r.i32(what), type: typeId };
    case GgufValueType.FLOAT32:
      return { value: r.f32(what), type: typeId };
    case GgufValueType.FLOAT64:
      return { value: r.f64(what), type: typeId };
    case GgufValueType.BOOL: {
      const b = r.u8(what);
      if (b > 1) throw fileError(r.path, tr("formats.gguf.boolByteIsNot", { what, b }));
      return { value: b === 1, type: typeId };
    }
    case GgufValueType.UINT64:
      return { value: small(r.u64big(what)), type: typeId };
    case GgufValueType.INT64:
      return { value: small(r.i64big(what)), type: typeId };
    case GgufValueType.STRING:
      return { value: readString(r, what), type: typeId };
    case GgufValueType.ARRAY: {
      if (depth >= MAX_NESTING)
        throw fileError(r.path, tr("formats.gguf.arraysNestedDeeperThan", { what, MAX_NESTING }));
      const itemType = r.u32(`${what} item type`);
      const count = r.u64(`${what} item count`);
      const min = VALUE_MIN_BYTES[itemType as GgufValueType];
      if (min === undefined)
        throw fileError(r.path, tr("formats.gguf.unknownArrayItemType", { what, itemType }));
      if (count * min > r.remaining) {
        throw fileError(
          r.path,
          tr("formats.gguf.arrayOfItemsCannot2", { what, count, remaining: r.remaining }),
        );
      }
      const items: GgufValue[] = new Array(count);
      let type: GgufType =
        itemType === GgufValueType.ARRAY ? { array: GgufValueType.UINT8 } : (itemType as GgufType);
      for (let i = 0; i < count; i++) {
        const item = readValue(r, itemType, what, depth + 1);
        items[i] = item.value;
        if (i === 0) type = item.type;
      }
      return { value: items, type: { array: type } };
    }
    default:
      throw fileError(r.path, tr("formats.gguf.unknownMetadataValueType", { what, typeId }));
  }
}

/** 64-bit integers become numbers when exact, else stay bigint. */
function small(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
}
