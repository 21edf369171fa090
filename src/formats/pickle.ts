/**
 * A restricted reader of Python's pickle format — the data half of PyTorch's `.bin`/`.pt` files.
 *
 * A pickle is a little stack program: opcodes push values (ints, strings, tuples, dicts), and two of
 * them are dangerous: GLOBAL names any importable Python function (`os.system`), and REDUCE calls it
 * with arguments. Python's own `pickle.load` therefore runs whatever the file says. This reader runs
 * nothing: a GLOBAL is looked up in the caller's short table of allowed names, and REDUCE/NEWOBJ can
 * only call the TypeScript stand-in registered there. Any other name stops the read with an error
 * naming it — before anything it would have called is even looked at.
 *
 *   80 02 7d 71 00 58 01 00 00 00 61 71 01 4b 01 73 2e   PROTO 2, EMPTY_DICT, MEMO, "a", MEMO, 1, SETITEM, STOP
 *   → Map { "a" → 1 }
 */
import { fileError } from "../errors.ts";
import { t } from "../messages/index.ts";

/** A Python tuple (kept apart from lists only for error messages). */
export class PyTuple extends Array<unknown> {}

/** What the caller allows: `module.name` → the stand-in called by REDUCE / NEWOBJ with its arguments. */
export interface PickleRules {
  globals: Map<string, (args: unknown[]) => unknown>;
  /** BINPERSID: the persistent id (PyTorch's storage records) → its value. */
  persistentLoad(pid: unknown): unknown;
}

/** A GLOBAL that the rules allow, as pushed on the stack (called by REDUCE, or passed as a value). */
export class PyGlobal {
  constructor(
    readonly name: string,
    readonly fn: (args: unknown[]) => unknown,
  ) {}
}

const MARK = Symbol("mark");

export function unpickle(bytes: Uint8Array, path: string, rules: PickleRules): unknown {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder("utf-8");
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  let p = 0;
  const bad = (what: string) => fileError(path, t("formats.pickle.pickleAtByte", { what, p }));
  const need = (n: number) => {
    if (p + n > bytes.length) throw bad("truncated");
  };
  const u8 = () => {
    need(1);
    return bytes[p++];
  };
  const u16 = () => {
    need(2);
    const v = dv.getUint16(p, true);
    p += 2;
    return v;
  };
  const u32 = () => {
    need(4);
    const v = dv.getUint32(p, true);
    p += 4;
    return v;
  };
  const u64 = () => {
    need(8);
    const v = Number(dv.getBigUint64(p, true));
    p += 8;
    return v;
  };
  const raw = (n: number) => {
    need(n);
    const b = bytes.subarray(p, p + n);
    p += n;
    return b;
  };
  const line = () => {
    const end = bytes.indexOf(0x0a, p);
    if (end < 0) throw bad("unterminated line");
    const s = text.decode(bytes.subarray(p, end));
    p = end + 1;
    return s;
  };
  const pop = () => {
    if (stack.length === 0) throw bad("stack underflow");
    return stack.pop();
  };
  const top = () => {
    if (stack.length === 0) throw bad("stack underflow");
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const i = stack.lastIndexOf(MARK);
    if (i < 0) throw bad("no MARK");
    const items = stack.splice(i);
    items.shift();
    return items;
  };
  const global = (module: string, name: string) => {
    const full = `${module}.${name}`;
    const fn = rules.globals.get(full);
    if (!fn) throw fileError(path, t("formats.pickle.pickleRefusesGlobalOnly", { full }));
    return new PyGlobal(full, fn);
  };
  const call = (f: unknown, args: unknown) => {
    if (!(f instanceof PyGlobal)) throw bad("call of something that is not an allowed global");
    if (!Array.isArray(args)) throw bad(`arguments of ${f.name} are not a tuple`);
    return f.fn(args);
  };
  const setItems = (d: unknown, kv: unknown[]) => {
    if (!(d instanceof Map)) throw bad("SETITEM on something that is not a dict");
    for (let i = 0; i + 1 < kv.length; i += 2) d.set(kv[i], kv[i + 1]);
  };
  const appendAll = (l: unknown, items: unknown[]) => {
    if (!Array.isArray(l) || l instanceof PyTuple) throw bad("APPEND on something that is not a list");
    l.push(...items);
  };
  const tuple = (items: unknown[]) => PyTuple.from(items) as PyTuple;

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        u8();
        break;
      case 0x95: // FRAME (protocol 4): a length hint
        u64();
        break;
      case 0x2e: // STOP
        return pop();
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4a: // BININT
        need(4);
        stack.push(dv.getInt32(p, true));
        p += 4;
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: {
        // LONG1: a little-endian two's-complement integer of n bytes
        const b = raw(u8());
        let v = 0n;
        for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
        if (b.length > 0 && b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER))
          throw bad(`integer ${v} is too large`);
        stack.push(Number(v));
        break;
      }
      case 0x47: // BINFLOAT (big-endian)
        need(8);
        stack.push(dv.getFloat64(p, false));
        p += 8;
        break;
      case 0x58: // BINUNICODE
        stack.push(text.decode(raw(u32())));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text.decode(raw(u8())));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(text.decode(raw(u64())));
        break;
      case 0x54: // BINSTRING
        stack.push(text.decode(raw(u32())));
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(text.decode(raw(u8())));
        break;
      case 0x42: // BINBYTES
        stack.push(raw(u32()).slice());
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(raw(u8()).slice());
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(tuple([]));
        break;
      case 0x74: // TUPLE
        stack.push(tuple(popMark()));
        break;
      case 0x85: // TUPLE1
        stack.push(tuple([pop()]));
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push(tuple([pop(), b]));
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push(tuple([pop(), b, c]));
        break;
      }
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x64: {
        // DICT
        const d = new Map();
        setItems(d, popMark());
        stack.push(d);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const kv = popMark();
        setItems(top(), kv);
        break;
      }
      case 0x61: {
        // APPEND
        const v = pop();
        appendAll(top(), [v]);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        appendAll(top(), items);
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const i = op === 0x68 ? u8() : u32();
        if (!memo.has(i)) throw bad(`memo ${i} is empty`);
        stack.push(memo.get(i));
        break;
      }
      case 0x63: {
        // GLOBAL "module\nname\n"
        const module = line();
        stack.push(global(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== "string" || typeof name !== "string")
          throw bad("STACK_GLOBAL needs two strings");
        stack.push(global(module, name));
        break;
      }
      case 0x52: // REDUCE
      case 0x81: {
        // NEWOBJ
        const args = pop();
        stack.push(call(pop(), args));
        break;
      }
      case 0x62: {
        // BUILD: set an object's state. Only a dict's attributes (a state_dict's `_metadata`) are expected.
        const state = pop();
        const obj = top();
        if (!(obj instanceof Map) || !(state instanceof Map || state === null))
          throw bad("BUILD of an object that is not a dict");
        break;
      }
      case 0x51: // BINPERSID
        stack.push(rules.persistentLoad(pop()));
        break;
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      default:
        throw bad(
          `opcode 0x${op.toString(16).padStart(2, "0")} is not read (not part of a tensor state dict)`,
        );
    }
  }
}
