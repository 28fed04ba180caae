// The three engines as a page loads them, each from a cold start: fetch, compile,
// instantiate (or parse and run the script), then one check.

const FIRST_CHECK = "Tr0ub4dour&3";

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
}

export const loaders = {
  async "policy-widget"() {
    // Both modules, fetched and compiled in parallel: what checkPassword needs.
    const pw = await import("/pkg/policy_widget.js");
    await pw.default();
    return (password) => pw.checkPassword(password);
  },
  async "zxcvbn 4.4.2"() {
    await loadScript("/node_modules/zxcvbn/dist/zxcvbn.js");
    const zxcvbn = globalThis.zxcvbn;
    return (password) => zxcvbn(password);
  },
  async "zxcvbn-ts 4.2"() {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import("@zxcvbn-ts/core"),
      import("@zxcvbn-ts/language-common"),
      import("@zxcvbn-ts/language-en"),
    ]);
    const ts = new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
    return (password) => ts.check(password);
  },
};

/**
 * Loads `name` and runs the first check. Resolves to `{ ms, firstCheckMs }`: milliseconds
 * from start to the result, and those of the first check alone (a keystroke right after
 * load: lazy tables and code not yet optimised by the engine are paid there).
 */
export async function coldStart(name) {
  const start = performance.now();
  const check = await loaders[name]();
  const loaded = performance.now();
  check(FIRST_CHECK);
  const end = performance.now();
  return { ms: end - start, firstCheckMs: end - loaded };
}

/**
 * The admin page's own cold start: the core module only (the password module loads after
 * it), then the first checks the page runs. Milliseconds from start to the result.
 */
export async function coldStartCore() {
  const start = performance.now();
  const pw = await import("/pkg/policy_widget.js");
  await pw.default({ lazy: true });
  pw.validateSettings(pw.defaultSettings());
  pw.validateOrigins("https://api.mydomain.com, https://mydomain.com");
  return performance.now() - start;
}

/** All three engines, loaded. */
export async function loadAll() {
  const engines = {};
  for (const name of Object.keys(loaders)) engines[name] = await loaders[name]();
  return engines;
}
