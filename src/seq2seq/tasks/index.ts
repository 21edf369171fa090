/** The toy tasks by name: `reverse`, `numbers`, `dates`. */
import { TongguanError } from "../../errors.ts";
import { t } from "../../messages/index.ts";
import { datesTask } from "./dates.ts";
import { numbersTask } from "./numbers.ts";
import { reverseTask } from "./reverse.ts";
import type { Task } from "./task.ts";

export { chineseNumber, englishNumber } from "./number-words.ts";
export * from "./task.ts";
export { datesTask, numbersTask, reverseTask };

export const TASK_NAMES = ["reverse", "numbers", "dates"] as const;

export function taskByName(name: string): Task {
  if (name === "reverse") return reverseTask();
  if (name === "numbers") return numbersTask();
  if (name === "dates") return datesTask();
  throw new TongguanError(
    t("seq2seq.tasks.taskUnknownTaskChoose", { name, TASK_NAMES: TASK_NAMES.join(", ") }),
  );
}
