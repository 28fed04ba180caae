// Loads the built package the way a Node user does: initSync with the bytes of both modules.
import { readFileSync } from "node:fs";
import * as pw from "../../pkg/policy_widget.js";

const bytes = (name) => readFileSync(new URL(`../../pkg/${name}`, import.meta.url));
pw.initSync({ module: bytes("policy_widget_core_bg.wasm"), password_module: bytes("policy_widget_password_bg.wasm") });

export default pw;
