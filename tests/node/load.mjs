// Loads the built package the way a Node user does: initSync with the wasm bytes.
import { readFileSync } from "node:fs";
import * as pw from "../../pkg/policy_widget.js";

pw.initSync({ module: readFileSync(new URL("../../pkg/policy_widget_bg.wasm", import.meta.url)) });

export default pw;
