// Writes crates/strength/data/ from the npm package zxcvbn@4.4.2 (Dropbox, MIT licence):
// its six ranked word lists, one word per line in rank order (line 1 is rank 1), and its four
// keyboard adjacency graphs, one key per line: the key, then each neighbour slot, tab-separated
// (an empty slot is a missing neighbour). Only data is taken; run `node scripts/strength-data.mjs`
// after changing the zxcvbn devDependency.
import { createRequire } from "node:module";
import { mkdirSync, writeFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const lists = require("zxcvbn/lib/frequency_lists");
const graphs = require("zxcvbn/lib/adjacency_graphs");
const out = new URL("../crates/strength/data/", import.meta.url);
mkdirSync(out, { recursive: true });

const order = [];
for (const [name, words] of Object.entries(lists)) {
  if (words.some((word) => word.includes("\n") || word.length === 0)) throw new Error(`${name}: unusable word`);
  writeFileSync(new URL(`${name}.txt`, out), words.join("\n") + "\n");
  order.push(name);
}
for (const [name, graph] of Object.entries(graphs)) {
  const lines = Object.entries(graph).map(([key, slots]) => [key, ...slots.map((slot) => slot ?? "")].join("\t"));
  writeFileSync(new URL(`${name}.graph`, out), lines.join("\n") + "\n");
  order.push(name);
}
console.log(`wrote ${order.join(", ")}`);
