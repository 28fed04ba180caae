// Completes the package.json wasm-pack writes into pkg/: the entry points and metadata a
// consumer (a bundler, Node, a CDN) needs; puts the package's JavaScript (js/: the entry that
// joins the two WebAssembly modules, its types, and the custom elements in js/elements/) into
// pkg/ with the same layout, so every relative import holds in both places. Run by `./dev
// build` after wasm-pack, and by the e2e tests (so the copy never lags behind js/).
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { writeCompressed } from "./compress.mjs";

const path = new URL("../pkg/package.json", import.meta.url);
const manifest = JSON.parse(readFileSync(path, "utf8"));

// The elements import the entry as "../policy_widget.js" and their options reader as
// "../read-options.js": beside elements/ in js/ and in pkg/ alike.
const elements = new URL("../pkg/elements/", import.meta.url);
rmSync(elements, { recursive: true, force: true });
cpSync(new URL("../js/elements/", import.meta.url), elements, { recursive: true });
cpSync(new URL("../js/read-options.js", import.meta.url), new URL("../pkg/read-options.js", import.meta.url));

// The entry, bundled with the two wasm-bindgen glue modules it imports into one file: a page
// then fetches entry + glue in one request instead of two rounds (cold start), and both
// modules' default .wasm URLs (`new URL("…_bg.wasm", import.meta.url)`) still point beside it.
// Not minified: brotli makes that nearly free, and the shipped code stays readable.
cpSync(new URL("../js/policy_widget.d.ts", import.meta.url), new URL("../pkg/policy_widget.d.ts", import.meta.url));
const entry = new URL("../pkg/policy_widget.entry.js", import.meta.url);
cpSync(new URL("../js/policy_widget.js", import.meta.url), entry);
buildSync({
  entryPoints: [fileURLToPath(entry)],
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  outfile: fileURLToPath(new URL("../pkg/policy_widget.js", import.meta.url)),
  allowOverwrite: true,
  legalComments: "none",
  logLevel: "warning",
});
rmSync(entry);
// The glue modules stay in pkg/ (this script runs again after every e2e start) but are not
// published: the bundle holds them.

manifest.name = "policy-widget";
manifest.type = "module";
manifest.main = "policy_widget.js";
manifest.module = "policy_widget.js";
manifest.types = "policy_widget.d.ts";
manifest.files = [
  "policy_widget.js",
  "policy_widget.d.ts",
  "read-options.js",
  "policy_widget_core_bg.wasm",
  "policy_widget_core_bg.wasm.d.ts",
  "policy_widget_password_bg.wasm",
  "policy_widget_password_bg.wasm.d.ts",
  "elements/",
];
manifest.exports = {
  ".": { types: "./policy_widget.d.ts", default: "./policy_widget.js" },
  "./elements": { types: "./elements/index.d.ts", default: "./elements/index.js" },
  "./elements/define": { types: "./elements/define.d.ts", default: "./elements/define.js" },
  "./elements/elements.css": "./elements/elements.css",
  "./elements/*": "./elements/*",
  "./policy_widget_core_bg.wasm": "./policy_widget_core_bg.wasm",
  "./policy_widget_password_bg.wasm": "./policy_widget_password_bg.wasm",
  "./package.json": "./package.json",
};
// define.js registers the elements when imported: a bundler must not drop it.
manifest.sideEffects = ["./elements/define.js", "*.css"];
manifest.engines = { node: ">=20" };

writeFileSync(path, JSON.stringify(manifest, null, 2) + "\n");

// Pre-compressed copies of the two modules (see compress.mjs). Not listed in `files`, so not
// published.
for (const name of ["policy_widget_core_bg.wasm", "policy_widget_password_bg.wasm"]) {
  writeCompressed(new URL(`../pkg/${name}`, import.meta.url));
}
