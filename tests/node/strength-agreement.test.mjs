// Our strength estimator (checkPassword's `strength`) against Dropbox zxcvbn 4.4.2, the
// model it follows, over bench/corpus.txt and generated patterns (strength-sample.mjs).
// The misses it tolerates are listed and explained in crates/strength/README.md.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import pw from "./load.mjs";
import { corpus, generated } from "./strength-sample.mjs";

const require = createRequire(import.meta.url);
const zxcvbn = require("zxcvbn");

test("scores and guesses agree with Dropbox zxcvbn 4.4.2", () => {
  const sample = [...corpus(), ...generated()];
  assert.ok(sample.length >= 10_000, `only ${sample.length} passwords`);
  let sameScore = 0;
  let closeGuesses = 0;
  const misses = [];
  for (const password of sample) {
    const theirs = zxcvbn(password);
    const ours = pw.checkPassword(password).strength;
    const scoreOk = ours.score === theirs.score;
    const guessesOk = Math.abs(ours.guessesLog10 - theirs.guesses_log10) <= 0.01;
    sameScore += scoreOk ? 1 : 0;
    closeGuesses += guessesOk ? 1 : 0;
    if (!scoreOk || !guessesOk) {
      misses.push(`${JSON.stringify(password)}: ours ${ours.score}/${ours.guessesLog10.toFixed(3)}, theirs ${theirs.score}/${theirs.guesses_log10.toFixed(3)}`);
    }
  }
  const detail = misses.slice(0, 20).join("\n");
  assert.ok(sameScore / sample.length >= 0.999, `same score on ${sameScore} of ${sample.length}\n${detail}`);
  assert.ok(closeGuesses / sample.length >= 0.995, `guessesLog10 within 0.01 on ${closeGuesses} of ${sample.length}\n${detail}`);
});

test("the estimator is not just echoing one number", () => {
  // Guards the test above against a broken harness: the sample spans every score.
  const scores = new Set(generated(200).map((password) => pw.checkPassword(password).strength.score));
  assert.deepEqual([...scores].sort(), [0, 1, 2, 3, 4]);
});

test("beyond ASCII, words and user inputs are lowercased as Dropbox zxcvbn lowercases them", () => {
  // In WebAssembly the engine's toLowerCase lowercases (src/password/unicode.rs): these
  // cross it, in the password (character by character), in the user's inputs (whole) and in
  // the feedback's all-capitals check.
  const cases = [
    ["ΣΟΦΟΣ", ["σοφος"]],
    ["ÑANDÚ2024", ["Ñandú"]],
    ["çaÇa-ÉTÉ", ["ÇAÇA", "été"]],
    ["ÁRBOLES", []],
    ["МОСКВА", ["москва"]],
  ];
  for (const [password, inputs] of cases) {
    const theirs = zxcvbn(password, inputs);
    const ours = pw.checkPassword(password, undefined, { userInputs: inputs }).strength;
    assert.equal(ours.score, theirs.score, password);
    assert.ok(Math.abs(ours.guessesLog10 - theirs.guesses_log10) <= 0.01, `${password}: ${ours.guessesLog10} vs ${theirs.guesses_log10}`);
  }
  // A user input found in capitals is a dictionary word of rank 1 (Dropbox: 1 guess for the
  // word, as its capitals are not ASCII).
  assert.ok(pw.checkPassword("ΣΟΦΟΣ", undefined, { userInputs: ["σοφος"] }).strength.guessesLog10 < 1.5);
});
