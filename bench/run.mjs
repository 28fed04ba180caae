// `./dev bench`: builds nothing itself (./dev builds pkg/ first), then runs the Node half and
// the Chromium half in fresh processes, the criterion benches, and writes
// bench/results/latest.{json,md} and bench/results/chart.svg.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { corpus } from "./lib/corpus.mjs";
import { renderChart, renderMarkdown } from "./lib/report.mjs";

const ROOT = new URL("../", import.meta.url);
const RESULTS = new URL("results/", import.meta.url);
mkdirSync(RESULTS, { recursive: true });

const load = () => loadavg().map((value) => Number(value.toFixed(2)));
const step = (message) => console.error(`\n== ${message}  (load ${load().join(" ")})`);

// The corpus file the strength agreement test (tests/node/) reads must be what the generator makes.
const lines = (await corpus()).map((entry) => entry.password).join("\n") + "\n";
if (readFileSync(new URL("corpus.txt", import.meta.url), "utf8") !== lines) {
  writeFileSync(new URL("corpus.txt", import.meta.url), lines);
  console.error("bench/corpus.txt was stale: rewritten (commit it)");
}

function nodeJson(script) {
  const run = spawnSync(process.execPath, [new URL(script, import.meta.url).pathname], {
    cwd: ROOT,
    maxBuffer: 1 << 28,
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (run.status !== 0) throw new Error(`${script} failed`);
  return JSON.parse(run.stdout.toString());
}

const result = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
  load: { start: load() },
};

step("Node: corpus (11,000 lines, interleaved) and pathological inputs");
result.node = nodeJson("node.mjs");
result.load.afterNode = load();

step("Chromium: cold start, transfer sizes, corpus, pathological inputs");
result.browser = nodeJson("browser.mjs");
result.load.afterBrowser = load();

if (!process.env.BENCH_SKIP_CRITERION) {
  step("criterion (native core)");
  execFileSync("cargo", ["bench", "--bench", "core", "--", "--noplot"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  result.criterion = readCriterion(new URL("target/criterion/", ROOT));
  result.load.afterCriterion = load();
}

function readCriterion(dir) {
  const out = {};
  const walk = (url, prefix) => {
    if (!existsSync(url)) return;
    for (const name of readdirSync(url)) {
      const estimates = new URL(`${name}/new/estimates.json`, url);
      const benchmark = new URL(`${name}/new/benchmark.json`, url);
      if (existsSync(estimates) && existsSync(benchmark)) {
        const id = JSON.parse(readFileSync(benchmark, "utf8")).full_id;
        const e = JSON.parse(readFileSync(estimates, "utf8"));
        out[id] = { meanNs: e.mean.point_estimate, medianNs: e.median.point_estimate };
      } else if (!name.startsWith(".") && name !== "report" && !name.endsWith(".json")) {
        walk(new URL(`${name}/`, url), `${prefix}${name}/`);
      }
    }
  };
  walk(dir, "");
  return out;
}

writeFileSync(new URL("latest.json", RESULTS), JSON.stringify(result, null, 2) + "\n");
writeFileSync(new URL("latest.md", RESULTS), renderMarkdown(result));
writeFileSync(new URL("chart.svg", RESULTS), renderChart(result));
console.error("\nwrote bench/results/latest.json, latest.md, chart.svg");
console.log(renderMarkdown(result));
