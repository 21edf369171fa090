/**
 * Word2Vec on Chinese: find the words first. Chinese is written without spaces, and Word2Vec learns
 * one vector per word, so each line is segmented with Intl.Segmenter (ICU's dictionary, built into
 * Node) — what `tongguan vectors train` does by itself when the text is mostly Chinese:
 *
 *   国王坐在宝座上 → 国王 / 坐在 / 宝座 / 上
 *
 * Then the same skip-gram training as the English example (examples/word2vec.ts).
 * Run: npm run example -- word2vec-chinese
 */
import { segmentWords } from "tongguan";
import { isMain } from "./lib/common.ts";
import { type Topic, topicSentences } from "./lib/topic-corpus.ts";
import { main as word2vec } from "./word2vec.ts";

export const TOPICS_ZH: Topic[] = [
  {
    name: "royalty",
    words: ["国王", "王后", "王子", "公主", "皇帝"],
    templates: ["{w}戴着金色的王冠", "{w}统治着整个王国", "{w}坐在宝座上", "大臣们向{w}行礼"],
  },
  {
    name: "animals",
    words: ["小猫", "小狗", "马", "牛", "羊"],
    templates: ["{w}在农场里奔跑", "{w}在谷仓里睡觉", "农夫喂了{w}", "春天出生了一只{w}"],
  },
  {
    name: "food",
    words: ["面包", "米饭", "苹果", "面条", "鸡蛋"],
    templates: ["她晚饭吃了{w}", "这个{w}很香", "我们在市场买了{w}", "他午饭做了{w}"],
  },
];

export async function main(print: (line: string) => void = console.log) {
  const lines = topicSentences(TOPICS_ZH, 1500, 1);
  print(`segmenting: ${lines[0]} → ${segmentWords(lines[0]).join(" / ")}`);
  return word2vec(print, lines, TOPICS_ZH);
}

if (isMain(import.meta.url)) await main();
