// The Node half of the benchmark: the 11,000-line corpus through the three engines,
// interleaved in this one process, then the long and pathological inputs. Prints JSON.
import { corpus } from "./lib/corpus.mjs";
import { loadEngines } from "./lib/engines-node.mjs";
import { timeInterleaved, timePathological } from "./lib/measure.mjs";

if (import.meta.url === `file://${process.argv[1]}`) {
  const engines = await loadEngines();
  const entries = await corpus();
  const corpusResult = timeInterleaved(engines, entries);
  const pathological = timePathological(engines);
  process.stdout.write(JSON.stringify({ corpus: corpusResult, pathological }) + "\n");
}
