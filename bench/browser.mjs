// The Chromium half of the benchmark (Debian's Chromium through playwright-core):
// the corpus interleaved in one page, the pathological inputs, cold start of each engine in
// a fresh context, and the transfer size of everything the admin page loads.
import { launchChromium } from "../scripts/chromium.mjs";
import { corpus } from "./lib/corpus.mjs";
import { summarize } from "./lib/measure.mjs";
import { serve } from "./lib/server.mjs";
import { brotli, gzip } from "../scripts/compress.mjs";

const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 7);

const median = (values) => summarize(values).p50;

/** Every response of a page load, with raw, brotli and gzip sizes. */
async function transferSizes(browser, url, { settle, exclude } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const files = [];
  const pending = [];
  page.on("response", (response) => {
    const path = new URL(response.url()).pathname;
    if (response.status() !== 200 || (exclude && path.startsWith(exclude))) return;
    pending.push(
      response
        .body()
        .then((body) => files.push({ path, raw: body.length, brotli: brotli(body).length, gzip: gzip(body).length }))
        // A response whose body is gone (a redirect, a navigation) cannot be sized: say so.
        .catch((error) => console.error(`transfer size: ${path} not counted: ${error.message}`)),
    );
  });
  await page.goto(url, { waitUntil: "networkidle" });
  if (settle) await page.evaluate(settle);
  await page.waitForLoadState("networkidle");
  await Promise.all(pending);
  await context.close();
  files.sort((a, b) => b.raw - a.raw);
  const total = (key) => files.reduce((sum, file) => sum + file[key], 0);
  return { files, raw: total("raw"), brotli: total("brotli"), gzip: total("gzip") };
}

async function benchPage(browser, origin) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error("page error:", error.message));
  await page.goto(`${origin}/bench/browser/bench.html`);
  return { context, page };
}

export async function runBrowser() {
  const { origin, close } = await serve();
  const browser = await launchChromium();
  try {
    const result = { userAgent: "", crossOriginIsolated: false };

    // Cold start: each run in a fresh context (empty HTTP and code caches).
    const names = ["policy-widget", "zxcvbn 4.4.2", "zxcvbn-ts 4.2"];
    const coldRuns = Object.fromEntries(names.map((name) => [name, []]));
    const firstCheckRuns = Object.fromEntries(names.map((name) => [name, []]));
    for (let run = 0; run < COLD_RUNS; run++) {
      for (const name of names) {
        const { context, page } = await benchPage(browser, origin);
        const { ms, firstCheckMs } = await page.evaluate(
          async (name) => (await import("/bench/browser/engines.mjs")).coldStart(name),
          name,
        );
        coldRuns[name].push(ms);
        firstCheckRuns[name].push(firstCheckMs);
        await context.close();
      }
    }
    result.coldStart = Object.fromEntries(
      names.map((name) => [
        name,
        {
          median: median(coldRuns[name]),
          runs: coldRuns[name],
          firstCheckWorst: Math.max(...firstCheckRuns[name]),
          firstCheckRuns: firstCheckRuns[name],
        },
      ]),
    );
    // The page's cold start: the core module alone and its first checks.
    const coreRuns = [];
    for (let run = 0; run < COLD_RUNS; run++) {
      const { context, page } = await benchPage(browser, origin);
      coreRuns.push(await page.evaluate(async () => (await import("/bench/browser/engines.mjs")).coldStartCore()));
      await context.close();
    }
    result.coldStartCore = { median: median(coreRuns), runs: coreRuns };

    // Transfer size: the admin page, and each engine's own files.
    // people.js is what a signed-in admin's page imports too (www/people-start.js): fetched
    // here so that "everything" holds it.
    result.adminPage = await transferSizes(browser, `${origin}/`, {
      settle: () => new Promise((resolve) => setTimeout(resolve, 1000)).then(() => import("/people.js")),
    });
    result.engineSizes = {};
    for (const name of names) {
      const url = `${origin}/bench/browser/bench.html`;
      result.engineSizes[name] = await transferSizes(browser, url, {
        settle: `import("/bench/browser/engines.mjs").then((m) => m.coldStart(${JSON.stringify(name)}))`,
        exclude: "/bench/",
      });
    }

    // The corpus, interleaved, in one page.
    const entries = await corpus();
    const { context, page } = await benchPage(browser, origin);
    result.userAgent = await page.evaluate(() => navigator.userAgent);
    result.crossOriginIsolated = await page.evaluate(() => globalThis.crossOriginIsolated);
    if (!result.crossOriginIsolated) {
      throw new Error("the bench page is not cross-origin isolated: performance.now() would have 100 µs resolution");
    }
    result.corpus = await page.evaluate(async (entries) => {
      const { loadAll } = await import("/bench/browser/engines.mjs");
      const { timeInterleaved } = await import("/bench/lib/measure.mjs");
      return timeInterleaved(await loadAll(), entries);
    }, entries);

    await context.close();

    // Only policy-widget, in a page of its own: the 16 ms frame budget is about the admin
    // page, which loads no other engine, so the garbage the JS engines left behind in the
    // corpus page (whose collection can pause any allocation, ours included) is not on it.
    // Warmed first by every 11th corpus password (1,000), as the corpus page was: these rows
    // are about what an input costs; the first check after load is the cold-start row's.
    // (The competitors' pathological times come from the Node run.)
    const own = await benchPage(browser, origin);
    result.pathological = await own.page.evaluate(async (warmUp) => {
      const { loaders } = await import("/bench/browser/engines.mjs");
      const { timePathological } = await import("/bench/lib/measure.mjs");
      const check = await loaders["policy-widget"]();
      for (const password of warmUp) check(password);
      return timePathological({ "policy-widget": check });
    }, entries.filter((_, index) => index % 11 === 0).map((entry) => entry.password));
    await own.context.close();
    return result;
  } finally {
    await browser.close();
    await close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(JSON.stringify(await runBrowser()) + "\n");
}
