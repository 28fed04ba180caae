// The passwords the strength agreement test runs: bench/corpus.txt (leaked and generated
// passwords, see bench/README.md) plus patterns made here from a fixed seed, so every run
// sees the same sample.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { prng as random } from "../../bench/lib/prng.mjs";

const require = createRequire(import.meta.url);
const lists = require("zxcvbn/lib/frequency_lists");

const ROWS = ["1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./", "!@#$%^&*()_+", "QWERTYUIOP{}|", "ASDFGHJKL:\"", "ZXCVBNM<>?"];
const COLUMNS = ["1qaz", "2wsx", "3edc", "4rfv", "5tgb", "6yhn", "7ujm", "8ik,", "9ol.", "0p;/", "zaq1", "xsw2", "cde3"];
const KEYPAD = ["789", "456", "123", "147", "258", "369", "159", "357", "7410", "8520", "/*-+", "9630"];
const L33T = { a: ["4", "@"], b: ["8"], c: ["(", "{", "[", "<"], e: ["3"], g: ["6", "9"], i: ["1", "!", "|"], l: ["1", "|", "7"], o: ["0"], s: ["$", "5"], t: ["+", "7"], x: ["%"], z: ["2"] };

export function generated(count = 6000, seed = 20161231) {
  const next = random(seed);
  const int = (n) => Math.floor(next() * n);
  const pick = (items) => items[int(items.length)];
  const pad = (n, width = 2) => String(n).padStart(width, "0");
  const word = (name) => pick(lists[name].slice(0, 5000));
  const anyWord = () => word(pick(["passwords", "english_wikipedia", "female_names", "surnames", "us_tv_and_film", "male_names"]));
  const year = () => 1900 + int(160);
  const separators = ["", "", "/", "-", ".", "_", " ", "\\"];
  const date = () => {
    const [d, m, y] = [1 + int(31), 1 + int(12), year()];
    const sep = pick(separators);
    const yy = pick([String(y), pad(y % 100)]);
    const day = pick([String(d), pad(d)]);
    const month = pick([String(m), pad(m)]);
    return pick([[day, month, yy], [month, day, yy], [yy, month, day]]).join(sep);
  };
  const walk = () => {
    const line = pick([...ROWS, ...COLUMNS, ...KEYPAD]);
    const start = int(Math.max(1, line.length - 3));
    const piece = line.slice(start, start + 3 + int(line.length - start - 2));
    return next() < 0.2 ? [...piece].reverse().join("") : piece;
  };
  const sequence = () => {
    const alphabet = pick(["abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789"]);
    const step = 1 + int(next() < 0.7 ? 1 : 4);
    const start = int(alphabet.length);
    let out = "";
    for (let k = start; k >= 0 && k < alphabet.length && out.length < 3 + int(8); k += step) out += alphabet[k];
    return next() < 0.3 ? [...out].reverse().join("") : out;
  };
  const repeat = () => {
    const unit = pick([pick("abcxyz01!".split("")), anyWord().slice(0, 1 + int(4)), String(int(1000))]);
    return unit.repeat(2 + int(4));
  };
  const l33t = () =>
    [...anyWord()]
      .map((ch) => (L33T[ch] && next() < 0.6 ? pick(L33T[ch]) : ch))
      .join("");
  const capitalised = (w) => w.charAt(0).toUpperCase() + w.slice(1);
  const makers = [
    () => String(year()),
    () => String(1990 + int(40)),
    date,
    () => anyWord() + date(),
    walk,
    () => walk() + walk(),
    sequence,
    repeat,
    l33t,
    () => l33t() + int(100),
    () => capitalised(word(pick(["female_names", "male_names", "surnames"]))) + int(10000),
    () => word(pick(["female_names", "male_names"])) + pick(["", "!", "."]) + String(year()),
    () => anyWord().toUpperCase() + pick(["", "1", "!", "123", String(year())]),
    () => capitalised(anyWord()) + capitalised(anyWord()) + int(100),
    () => [...anyWord()].reverse().join("") + int(10),
    () => anyWord() + walk(),
    () => sequence() + anyWord(),
    () => anyWord() + repeat(),
    () => `${anyWord()} ${anyWord()} ${anyWord()}`,
    () => Array.from({ length: 6 + int(10) }, () => String.fromCharCode(33 + int(94))).join(""),
    () => String(int(10 ** (3 + int(6)))),
  ];
  const out = [];
  for (let k = 0; k < count; k++) out.push(makers[k % makers.length]());
  return out;
}

export function corpus() {
  const text = readFileSync(new URL("../../bench/corpus.txt", import.meta.url), "utf8");
  return text.split("\n").filter((line) => line.length > 0);
}
