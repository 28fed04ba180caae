// Loads the policy-widget WebAssembly modules once, on first use, for every element on the page.
//
// The core module (origins, token, settings) is what the page needs to become interactive;
// the password checker (checkPassword, with zxcvbn's word lists: most of the package's bytes)
// starts loading right after it and only <policy-password> waits for it.
//
// By default the elements import the package's own `../policy_widget.js` (a static specifier,
// so bundlers such as Vite follow it and emit the .wasm files as assets). A page that serves
// the package elsewhere calls `configure({ moduleUrl })` before the first element connects.

const OPTIONS = ["moduleUrl", "wasmUrl", "passwordWasmUrl"];

let moduleUrl = null;
let wasmUrl = null;
let passwordWasmUrl = null;
let loading = null;

/**
 * Where to load the package from. `moduleUrl`: the package's `policy_widget.js`; `wasmUrl`
 * and `passwordWasmUrl`: its two `.wasm` files, when not beside it. Must run before first use.
 */
export function configure(options = {}) {
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key)) throw new TypeError(`configure: unknown option ${key}`);
  }
  if (loading) throw new Error("configure() must run before the first element loads the module");
  moduleUrl = options.moduleUrl ?? null;
  wasmUrl = options.wasmUrl ?? null;
  passwordWasmUrl = options.passwordWasmUrl ?? null;
}

/**
 * The package with its core module ready (validateOrigins, inspectToken, validateSettings,
 * ...); the password checker loads in the background. Loads once.
 */
export function load() {
  loading ??= (async () => {
    const module = moduleUrl
      ? await import(/* @vite-ignore */ new URL(moduleUrl, globalThis.document?.baseURI).href)
      : await import("../policy_widget.js");
    const options = { lazy: true };
    if (wasmUrl) options.module_or_path = wasmUrl;
    if (passwordWasmUrl) options.password_module_or_path = passwordWasmUrl;
    await module.default(options);
    return module;
  })().catch((error) => {
    // A failed load (offline, 404) may succeed later: do not cache the failure.
    loading = null;
    throw error;
  });
  return loading;
}

/** The package with checkPassword ready too (the password module retries after a failure). */
export async function loadPasswordChecker() {
  const module = await load();
  await module.passwordCheckerReady();
  return module;
}
