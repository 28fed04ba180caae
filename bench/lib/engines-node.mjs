// The three engines as Node loads them: policy-widget's built package (the full
// checkPassword report, as the page uses it), Dropbox zxcvbn 4.4.2 and zxcvbn-ts 4.2 with
// its common and English dictionaries.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export async function loadEngines() {
  const pw = await import("../../pkg/policy_widget.js");
  const bytes = (name) => readFileSync(new URL(`../../pkg/${name}`, import.meta.url));
  pw.initSync({ module: bytes("policy_widget_core_bg.wasm"), password_module: bytes("policy_widget_password_bg.wasm") });
  const dropbox = require("zxcvbn");
  const { ZxcvbnFactory } = await import("@zxcvbn-ts/core");
  const common = await import("@zxcvbn-ts/language-common");
  const en = await import("@zxcvbn-ts/language-en");
  const ts = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return {
    "policy-widget": (password) => pw.checkPassword(password),
    "zxcvbn 4.4.2": (password) => dropbox(password),
    "zxcvbn-ts 4.2": (password) => ts.check(password),
  };
}
