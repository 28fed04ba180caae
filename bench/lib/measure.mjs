// Timing helpers shared by the Node and the Chromium runs (plain ES: no Node or DOM imports).
import { prng } from "./prng.mjs";

/** mean, p50, p99 and max of `samples` (milliseconds), plus the count. */
export function summarize(samples) {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  const at = (q) => sorted[Math.min(n - 1, Math.ceil(q * n) - 1)];
  let sum = 0;
  for (const value of sorted) sum += value;
  return { n, mean: sum / n, p50: at(0.5), p99: at(0.99), max: sorted[n - 1] };
}

/**
 * Times every engine on every password, interleaved: password k runs on all engines before
 * password k+1, with the engine order rotated each time, so a burst of machine noise lands on
 * all engines alike. `engines` maps a name to a one-argument function. A first pass over
 * `warmup` passwords lets each JIT settle. Returns per-engine samples and summaries, overall
 * and by corpus kind.
 */
export function timeInterleaved(engines, entries, { warmup = 300, now = () => performance.now() } = {}) {
  const names = Object.keys(engines);
  const fns = names.map((name) => engines[name]);
  for (let k = 0; k < Math.min(warmup, entries.length); k++) {
    for (const fn of fns) fn(entries[k].password);
  }
  const samples = names.map(() => new Float64Array(entries.length));
  for (let k = 0; k < entries.length; k++) {
    const password = entries[k].password;
    for (let r = 0; r < fns.length; r++) {
      const e = (k + r) % fns.length;
      const start = now();
      fns[e](password);
      samples[e][k] = now() - start;
    }
  }
  const kinds = [...new Set(entries.map((entry) => entry.kind))];
  const result = {};
  names.forEach((name, e) => {
    const byKind = {};
    for (const kind of kinds) {
      byKind[kind] = summarize(samples[e].filter((_, k) => entries[k].kind === kind));
    }
    result[name] = { all: summarize(samples[e]), byKind };
  });
  return result;
}

// zxcvbn's l33t table, keys and values: a string of only these is the l33t matcher's worst case.
const L33T_CHARS = "4@8({[<3691!|7+0$5%2";
const KEYBOARD_WALK = "qwertyuiop[]asdfghjkl;'zxcvbnm,./1234567890-=";
const WORDS = ["correct", "horse", "battery", "staple", "violet", "harbor", "engine", "meadow", "tunnel"];

/** Deterministic long and pathological inputs of `length` characters, by family. */
export function pathologicalInputs(length, random) {
  const fill = (unit) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  let printable = "";
  let l33t = "";
  for (let k = 0; k < length; k++) {
    printable += String.fromCharCode(33 + Math.floor(random() * 94));
    l33t += L33T_CHARS[Math.floor(random() * L33T_CHARS.length)];
  }
  return {
    random: printable,
    "l33t-only": l33t,
    "repeat a": fill("a"),
    "repeat abc1": fill("abc1"),
    "keyboard walk": fill(KEYBOARD_WALK),
    passphrase: fill(WORDS.join("-") + "-"),
    dates: fill("19901231-"),
  };
}

export const PATHOLOGICAL_LENGTHS = [16, 32, 64, 100, 128];

// A competitor that took longer than this at one length is not run at the longer ones:
// Dropbox zxcvbn needs seconds per l33t-only string and grows with the length.
const SKIP_AFTER_MS = 2000;

/**
 * The worst of up to `reps` runs of every engine on every long and pathological input. An
 * engine that took over SKIP_AFTER_MS on a family is not run on its longer inputs.
 */
export function timePathological(engines, { reps = 5 } = {}) {
  const random = prng(0x5eed0003);
  const rows = [];
  const slow = new Set();
  for (const length of PATHOLOGICAL_LENGTHS) {
    for (const [family, input] of Object.entries(pathologicalInputs(length, random))) {
      for (const [name, fn] of Object.entries(engines)) {
        const key = `${name}|${family}`;
        if (slow.has(key)) {
          rows.push({ engine: name, family, length, ms: null, skipped: true });
          continue;
        }
        let worst = 0;
        for (let rep = 0; rep < reps; rep++) {
          const start = performance.now();
          fn(input);
          worst = Math.max(worst, performance.now() - start);
          if (worst > SKIP_AFTER_MS / 4) break;
        }
        if (worst > SKIP_AFTER_MS) slow.add(key);
        rows.push({ engine: name, family, length, ms: worst });
      }
    }
  }
  return rows;
}
