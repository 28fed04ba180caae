// The package's entry point: one API over its two WebAssembly modules.
//
// - policy_widget_core: every function but checkPassword (origins, token, settings, the
//   password policy's `passwordrules`). Small: what a page needs to become interactive.
// - policy_widget_password: checkPassword (the rules that read a password, the blocklists and
//   zxcvbn with its word lists: most of the package's bytes). Loaded with the core by
//   default, or after it with `init({ lazy: true })`.
//
// Both are the same Rust crate built with different features (see ./dev build). This file
// only loads and delegates; the checking is all in Rust.

import initCore, { initSync as initCoreSync } from "./policy_widget_core.js";
import { readOptions } from "./read-options.js";
import initPassword, {
  checkPassword as checkWithPasswordModule,
  initSync as initPasswordSync,
  prepare as preparePasswordModule,
} from "./policy_widget_password.js";

export {
  defaultSettings,
  inspectToken,
  isOriginAllowed,
  passwordRules,
  validateOrigins,
  validateSettings,
} from "./policy_widget_core.js";

// One spelling per module input everywhere (init, initSync, the elements' configure):
// `module` and `password_module`. init still reads wasm-bindgen's `module_or_path` names.
const INIT_OPTIONS = { module: ["module_or_path"], password_module: ["password_module_or_path"], lazy: [] };
const SYNC_OPTIONS = { module: [], password_module: [] };

let coreLoading = null;
let passwordLoading = null;
let passwordInput;
let passwordReady = false;

/** A promise that forgets itself when it fails, so a later call can try again (offline, 404). */
function retryable(start, forget) {
  return start().catch((error) => {
    forget();
    throw error;
  });
}

/**
 * Loads the modules once. `lazy: true` resolves after the core module and loads the
 * password checker in the background (await `passwordCheckerReady()` before checkPassword).
 */
export default async function init(options) {
  const { module, password_module, lazy = false } = readOptions(options, INIT_OPTIONS, "init");
  if (typeof lazy !== "boolean") throw new TypeError("init: lazy must be a boolean");
  if (password_module !== undefined && !passwordLoading) passwordInput = password_module;
  coreLoading ??= retryable(
    () => initCore(module === undefined ? undefined : { module_or_path: module }),
    () => (coreLoading = null),
  );
  if (lazy) {
    await coreLoading;
    // Start now; a failure surfaces (and is retried) when someone awaits it.
    passwordCheckerReady().catch(() => {});
    return;
  }
  await Promise.all([coreLoading, passwordCheckerReady()]);
}

/** Instantiates both modules from their bytes; without `password_module`, only the core. */
export function initSync(options) {
  const { module, password_module } = readOptions(options, SYNC_OPTIONS, "initSync");
  if (module === undefined) throw new TypeError("initSync: module (the core module's bytes) is required");
  initCoreSync({ module });
  coreLoading ??= Promise.resolve();
  if (password_module !== undefined) {
    initPasswordSync({ module: password_module });
    preparePasswordModule();
    passwordReady = true;
    passwordLoading ??= Promise.resolve();
  }
}

/** Resolves when checkPassword works, loading the password module if nothing has yet. */
export function passwordCheckerReady() {
  passwordLoading ??= retryable(
    async () => {
      await initPassword(passwordInput === undefined ? undefined : { module_or_path: passwordInput });
      // The one-time work (zxcvbn's dictionary table: tens of ms in a browser's baseline
      // compiler) happens now, while loading, not on the first keystroke.
      preparePasswordModule();
      passwordReady = true;
    },
    () => (passwordLoading = null),
  );
  return passwordLoading;
}

/** True once checkPassword works. */
export function isPasswordCheckerReady() {
  return passwordReady;
}

/** `checkPassword(password, policy?, context?)`: see the Rust `password::check`. */
export function checkPassword(password, policy, context) {
  if (!passwordReady) {
    throw new Error(
      "policy-widget: the password checker has not loaded yet: await init() " +
        "(or passwordCheckerReady() after init({ lazy: true }))",
    );
  }
  return checkWithPasswordModule(password, policy, context);
}
