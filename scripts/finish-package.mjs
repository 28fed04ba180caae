// Completes the package.json wasm-pack writes into pkg/: the entry points and metadata a
// consumer (a bundler, Node, a CDN) needs. Run by `./dev build` after wasm-pack.
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../pkg/package.json", import.meta.url);
const manifest = JSON.parse(readFileSync(path, "utf8"));

manifest.name = "policy-widget";
manifest.type = "module";
manifest.main = "policy_widget.js";
manifest.module = "policy_widget.js";
manifest.types = "policy_widget.d.ts";
manifest.exports = {
  ".": { types: "./policy_widget.d.ts", default: "./policy_widget.js" },
  "./policy_widget_bg.wasm": "./policy_widget_bg.wasm",
  "./package.json": "./package.json",
};
manifest.sideEffects = false;
manifest.engines = { node: ">=20" };

writeFileSync(path, JSON.stringify(manifest, null, 2) + "\n");
