/**
 * Reading a route's JSON body field by field: each reader returns the value or throws a 400 that
 * names the field and says what it must be.
 *
 *   const text = stringField(req.body, "text", { max: 20_000 });
 *   const topn = intField(req.body, "topn", { min: 1, max: 100, default: 10 });
 */
import { badField } from "../server/http-error.ts";

type Body = Record<string, unknown> | undefined;

function fieldOf(body: unknown, name: string): unknown {
  if (body === undefined || body === null) return undefined;
  if (typeof body !== "object" || Array.isArray(body)) throw badField("body", "must be a JSON object");
  return (body as Body)?.[name];
}

/** A string; `max` characters at most; `allowEmpty` false by default. */
export function stringField(
  body: unknown,
  name: string,
  options: { max?: number; allowEmpty?: boolean; default?: string } = {},
): string {
  const v = fieldOf(body, name);
  if (v === undefined && options.default !== undefined) return options.default;
  if (typeof v !== "string") throw badField(name, "must be a string");
  if (!options.allowEmpty && v.trim() === "") throw badField(name, "is empty");
  if (options.max !== undefined && v.length > options.max)
    throw badField(name, `is ${v.length} characters, more than the ${options.max} allowed`);
  return v;
}

/** A whole number in [min, max]. */
export function intField(
  body: unknown,
  name: string,
  options: { min: number; max: number; default?: number },
): number {
  const v = fieldOf(body, name);
  if (v === undefined && options.default !== undefined) return options.default;
  if (typeof v !== "number" || !Number.isInteger(v) || v < options.min || v > options.max)
    throw badField(name, `must be a whole number in ${options.min}..${options.max}`);
  return v;
}

/** A finite number in [min, max]. */
export function numberField(
  body: unknown,
  name: string,
  options: { min: number; max: number; default?: number },
): number {
  const v = fieldOf(body, name);
  if (v === undefined && options.default !== undefined) return options.default;
  if (typeof v !== "number" || !Number.isFinite(v) || v < options.min || v > options.max)
    throw badField(name, `must be a number in ${options.min}..${options.max}`);
  return v;
}

/** An array of non-empty strings, between `min` and `max` of them. */
export function stringsField(
  body: unknown,
  name: string,
  options: { min: number; max: number; maxLength?: number; default?: string[] },
): string[] {
  const v = fieldOf(body, name);
  if (v === undefined && options.default !== undefined) return options.default;
  if (!Array.isArray(v) || !v.every((s) => typeof s === "string" && s.trim() !== ""))
    throw badField(name, "must be an array of non-empty strings");
  if (v.length < options.min || v.length > options.max)
    throw badField(name, `must hold ${options.min}..${options.max} strings, not ${v.length}`);
  const maxLength = options.maxLength ?? 200;
  const long = v.find((s) => s.length > maxLength);
  if (long !== undefined)
    throw badField(name, `holds a string of ${long.length} characters (${maxLength} at most)`);
  return v as string[];
}

/** One of the listed values. */
export function choiceField<T extends string>(
  body: unknown,
  name: string,
  choices: readonly T[],
  fallback?: T,
): T {
  const v = fieldOf(body, name);
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== "string" || !choices.includes(v as T))
    throw badField(name, `must be one of ${choices.join(", ")}`);
  return v as T;
}
