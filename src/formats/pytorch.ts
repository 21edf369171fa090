/**
 * PyTorch checkpoints (`pytorch_model.bin`, `torch.save` since PyTorch 1.6), read without Python and
 * without running the pickle inside.
 *
 * The file is a ZIP archive (zip.ts):
 *
 *   archive/data.pkl      the state dict, pickled: OrderedDict{name → tensor record}
 *   archive/data/0, …     one member per storage: its raw little-endian bytes, stored uncompressed
 *   archive/byteorder     "little" (absent in older files: little)
 *
 * and a tensor record in data.pkl is the call
 *
 *   torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, hooks)
 *
 * where `storage` is a persistent id ("storage", torch.HalfStorage, "0", "cpu", numel) naming the
 * member data/0. The restricted unpickler (pickle.ts) accepts exactly these names — the OrderedDict,
 * the rebuild functions and the storage types — so each tensor becomes (file, byte offset, dtype,
 * shape), read later like a safetensors tensor, straight into tensor memory.
 */
import { fileError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";
import { type PickleRules, PyGlobal, PyTuple, unpickle } from "./pickle.ts";
import {
  DTYPES,
  type ParsedFile,
  type SafetensorsCheckpoint,
  type SafetensorsDType,
  type SafetensorsTensorInfo,
  tensorFileCheckpoint,
} from "./safetensors.ts";
import { readZipDirectory, readZipMember } from "./zip.ts";

/** torch.<Name>Storage → the element type. */
const STORAGES: Record<string, SafetensorsDType> = {
  FloatStorage: "F32",
  HalfStorage: "F16",
  BFloat16Storage: "BF16",
  DoubleStorage: "F64",
  LongStorage: "I64",
  IntStorage: "I32",
  ShortStorage: "I16",
  CharStorage: "I8",
  ByteStorage: "U8",
  BoolStorage: "BOOL",
};

/** A storage the pickle refers to: member data/<key> of `numel` elements. */
class StorageRef {
  constructor(
    readonly dtype: SafetensorsDType,
    readonly key: string,
    readonly numel: number,
  ) {}
}
interface TensorRecord {
  storage: StorageRef;
  offset: number;
  shape: number[];
  stride: number[];
}

const ints = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => Number.isInteger(x) && x >= 0);

/** Parses one `.bin`: its tensors and where their bytes are. */
export function parsePytorchBin(path: string): ParsedFile {
  const members = readZipDirectory(path);
  const pkl = [...members.keys()].find((n) => n === "data.pkl" || n.endsWith("/data.pkl"));
  if (!pkl) throw fileError(path, tr("formats.pytorch.notAPytorchZip"));
  const prefix = pkl.slice(0, pkl.length - "data.pkl".length);
  const order = members.get(`${prefix}byteorder`);
  if (order && new TextDecoder().decode(readZipMember(path, order, 16)).trim() !== "little")
    throw fileError(path, tr("formats.pytorch.bigEndianPytorchCheckpoints"));

  const rebuild = (args: unknown[]): TensorRecord => {
    const [storage, offset, size, stride] = args;
    if (!(storage instanceof StorageRef) || !Number.isInteger(offset) || !ints(size) || !ints(stride))
      throw fileError(path, tr("formats.pytorch.pickleATensorRecord"));
    return { storage, offset: offset as number, shape: [...size], stride: [...stride] };
  };
  const notCalled = (name: string) => () => {
    throw fileError(path, tr("formats.pytorch.pickleIsOnlyExpected", { name }));
  };
  const rules: PickleRules = {
    globals: new Map<string, (args: unknown[]) => unknown>([
      ["collections.OrderedDict", () => new Map()],
      ["torch._utils._rebuild_tensor_v2", rebuild],
      ["torch._utils._rebuild_tensor", rebuild],
      // nn.Parameter(tensor): the tensor itself.
      ["torch._utils._rebuild_parameter", (args) => args[0]],
      ...Object.keys(STORAGES).map((s) => [`torch.${s}`, notCalled(`torch.${s}`)] as const),
    ]),
    persistentLoad(pid) {
      // ("storage", torch.HalfStorage, key, location, numel)
      if (!(pid instanceof PyTuple) || pid[0] !== "storage" || pid.length < 5)
        throw fileError(path, tr("formats.pytorch.pickleAPersistentId"));
      const [, type, key, , numel] = pid;
      const dtype = type instanceof PyGlobal ? STORAGES[type.name.slice("torch.".length)] : undefined;
      if (!dtype || typeof key !== "string" || !Number.isInteger(numel))
        throw fileError(path, tr("formats.pytorch.pickleAMalformedStorage"));
      return new StorageRef(dtype, key, numel as number);
    },
  };
  const state = unpickle(readZipMember(path, members.get(pkl)!, 1 << 30), path, rules);
  if (!(state instanceof Map)) throw fileError(path, tr("formats.pytorch.thePickleDoesNot"));
  const tensors: SafetensorsTensorInfo[] = [];
  for (const [name, t] of state) {
    if (typeof name !== "string") throw fileError(path, tr("formats.pytorch.aStateDictKey"));
    if (!(t && typeof t === "object" && "storage" in t))
      throw fileError(path, tr("formats.pytorch.isNotATensor", { name }));
    const r = t as TensorRecord;
    const { bytes, loadsAs } = DTYPES[r.storage.dtype];
    const numel = r.shape.reduce((a, b) => a * b, 1);
    // Contiguous (row-major) strides only: what state_dict() saves for weights.
    let expect = 1;
    for (let i = r.shape.length - 1; i >= 0; i--) {
      if (r.shape[i] !== 1 && r.stride[i] !== expect)
        throw fileError(path, tr("formats.pytorch.tensorIsNotContiguous", { name, stride: r.stride }));
      expect *= r.shape[i];
    }
    if (r.offset + numel > r.storage.numel)
      throw fileError(path, tr("formats.pytorch.tensorRunsPastThe", { name, key: r.storage.key }));
    const member = members.get(`${prefix}data/${r.storage.key}`);
    if (!member)
      throw fileError(path, tr("formats.pytorch.tensorStorageDataIs", { name, key: r.storage.key }));
    if (member.method !== 0)
      throw fileError(path, tr("formats.pytorch.tensorStorageDataIs2", { name, key: r.storage.key }));
    if (member.size < r.storage.numel * bytes)
      throw fileError(
        path,
        tr("formats.pytorch.tensorStorageDataIs3", { name, key: r.storage.key, numel: r.storage.numel }),
      );
    tensors.push({
      name,
      dtype: r.storage.dtype,
      loadsAs,
      shape: r.shape,
      file: path,
      fileOffset: member.dataOffset + r.offset * bytes,
      nbytes: numel * bytes,
    });
  }
  return { metadata: {}, tensors };
}

/** One `.bin` as a checkpoint. */
export function readPytorchBin(path: string): SafetensorsCheckpoint {
  const f = parsePytorchBin(path);
  return tensorFileCheckpoint(path, f.metadata, f.tensors);
}
