// The Node half of the benchmark: the 11,000-line corpus through the three engines,
// interleaved in this one process, then the long and pathological inputs. Prints JSON.
import { corpus, prng } from "./lib/corpus.mjs";
import { loadEngines } from "./lib/engines-node.mjs";
import { PATHOLOGICAL_LENGTHS, pathologicalInputs, timeInterleaved } from "./lib/measure.mjs";

// A competitor that took longer than this at one length is not run at the longer ones:
// Dropbox zxcvbn needs seconds per l33t-only string and grows with the length.
const SKIP_AFTER_MS = 2000;

export function timePathological(engines, { reps = 5, only } = {}) {
  const random = prng(0x5eed0003);
  const rows = [];
  const slow = new Set();
  for (const length of PATHOLOGICAL_LENGTHS) {
    for (const [family, input] of Object.entries(pathologicalInputs(length, random))) {
      for (const [name, fn] of Object.entries(engines)) {
        if (only && !only.includes(name)) continue;
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const engines = await loadEngines();
  const entries = await corpus();
  const corpusResult = timeInterleaved(engines, entries);
  const pathological = timePathological(engines);
  process.stdout.write(JSON.stringify({ corpus: corpusResult, pathological }) + "\n");
}
