/**
 * The `--include` / `--exclude` patterns, with the rules of Python's `fnmatch`, which
 * huggingface_hub uses for `allow_patterns`, so a pattern means the same in both:
 *
 *   *       any run of characters, slashes included ("*.json" matches "onnx/config.json")
 *   ?       one character
 *   [abc]   one of a, b, c; [!abc] none of them; [0-9] a range
 *   "dir/"  a trailing slash means everything under dir ("dir/*")
 *
 *   globToRegExp("*.safetensors").test("model-00001-of-00002.safetensors") === true
 */
export function globToRegExp(pattern: string): RegExp {
  if (pattern.endsWith("/")) pattern += "*";
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      let start = i + 1;
      if (pattern[start] === "!") start++;
      if (pattern[start] === "]") start++; // "[]a]" puts "]" itself in the set, as in fnmatch
      const close = pattern.indexOf("]", start);
      if (close === -1) {
        re += "\\[";
        continue;
      }
      let set = pattern.slice(i + 1, close);
      const negate = set.startsWith("!");
      if (negate) set = set.slice(1);
      re += `[${negate ? "^" : ""}${set.replace(/[\\^\]]/g, "\\$&")}]`;
      i = close;
    } else re += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "s");
}

/** True when `path` matches at least one of `patterns`. */
export function matchesAny(path: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => globToRegExp(p).test(path));
}

/** Keeps the paths that match some `include` pattern (all, when there is none) and no `exclude` pattern. */
export function filterPaths(
  paths: readonly string[],
  include: readonly string[] = [],
  exclude: readonly string[] = [],
): string[] {
  return paths.filter(
    (p) =>
      (include.length === 0 || matchesAny(p, include)) && !(exclude.length > 0 && matchesAny(p, exclude)),
  );
}
