/**
 * `npm run exercise -- NAME`: runs the reader's exercises/NAME.ts on seeded cases and says, case by
 * case, whether it matches the reference solution. `--solution` checks solutions/NAME.ts instead.
 * Exit status 0 when every case passes.
 */
import { EXERCISES } from "./cases.ts";

const [name, ...rest] = process.argv.slice(2);
const solution = rest.includes("--solution");
const cases = EXERCISES[name];
if (!cases) {
  console.error(`tongguan: no exercise "${name}" (exercises: ${Object.keys(EXERCISES).join(", ")})`);
  process.exit(1);
}
const file = solution ? `../solutions/${name}.ts` : `../${name}.ts`;
const mine = await import(file);
let passed = 0;
const all = cases(mine);
console.log(`checking exercises/${solution ? "solutions/" : ""}${name}.ts against the reference:`);
for (const c of all) {
  let problem: string | undefined;
  try {
    problem = c.run();
  } catch (e) {
    problem = `threw: ${(e as Error).message}`;
  }
  if (problem === undefined) passed++;
  console.log(problem === undefined ? `  PASS  ${c.name}` : `  FAIL  ${c.name}: ${problem}`);
}
console.log(
  passed === all.length
    ? `all ${all.length} cases pass: your ${name} matches the reference`
    : `${passed} of ${all.length} cases pass`,
);
process.exit(passed === all.length ? 0 : 1);
