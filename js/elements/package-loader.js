// Loads the package (its entry, ../policy_widget.js, and the two WebAssembly modules) once,
// on first use, for every element on the page.
//
// The core module (origins, token, settings) is what the page needs to become interactive;
// the password checker (checkPassword, with zxcvbn's word lists: most of the package's bytes)
// starts loading right after it and only <policy-password> waits for it.
//
// By default the elements import the package's own `../policy_widget.js` (a static specifier,
// so bundlers such as Vite follow it and emit the .wasm files as assets). A page that serves
// the package elsewhere calls `configure({ moduleUrl })` before the first element connects.

import { readOptions } from "../read-options.js";

// The two .wasm files are `module` and `password_module`, as init() names them;
// `wasmUrl` and `passwordWasmUrl` are their older names here.
const OPTIONS = { moduleUrl: [], module: ["wasmUrl"], password_module: ["passwordWasmUrl"] };

let moduleUrl = null;
let wasmInputs = {};
let loading = null;

/**
 * Where to load the package from. `moduleUrl`: the package's `policy_widget.js`; `module`
 * and `password_module`: its two `.wasm` files, when not beside it. Must run before first use.
 */
export function configure(options = {}) {
  const read = readOptions(options, OPTIONS, "configure");
  if (loading) throw new Error("configure() must run before the first element loads the module");
  moduleUrl = read.moduleUrl ?? null;
  wasmInputs = {};
  if (read.module != null) wasmInputs.module = read.module;
  if (read.password_module != null) wasmInputs.password_module = read.password_module;
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
    await module.default({ ...wasmInputs, lazy: true });
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
