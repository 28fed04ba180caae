// Loads the policy-widget WebAssembly module once, on first use, for every element on the page.
//
// By default the elements import the package's own `../policy_widget.js` (a static specifier,
// so bundlers such as Vite follow it and emit the .wasm as an asset). A page that serves the
// package elsewhere calls `configure({ moduleUrl })` before the first element connects.

let moduleUrl = null;
let wasmUrl = null;
let loading = null;

/**
 * Where to load the module from. `moduleUrl`: the package's `policy_widget.js`;
 * `wasmUrl`: its `.wasm` file, when not beside the module. Must run before first use.
 */
export function configure(options = {}) {
  const known = new Set(["moduleUrl", "wasmUrl"]);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new TypeError(`configure: unknown option ${key}`);
  }
  if (loading) throw new Error("configure() must run before the first element loads the module");
  moduleUrl = options.moduleUrl ?? null;
  wasmUrl = options.wasmUrl ?? null;
}

/** The initialised module (its exports: checkPassword, validateOrigins, ...). Loads it once. */
export function load() {
  loading ??= (async () => {
    const module = moduleUrl
      ? await import(/* @vite-ignore */ new URL(moduleUrl, globalThis.document?.baseURI).href)
      : await import("../policy_widget.js");
    await module.default(wasmUrl ? { module_or_path: wasmUrl } : undefined);
    return module;
  })().catch((error) => {
    // A failed load (offline, 404) may succeed later: do not cache the failure.
    loading = null;
    throw error;
  });
  return loading;
}
