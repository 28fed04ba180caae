// The admin page: points the elements at the package the server publishes under /pkg/,
// registers them, and keeps the page's own words and theme in step with the pickers.
import { configure } from "./elements/wasm.js";
import { PolicyPasswordElement } from "./elements/policy-password.js";

configure({ moduleUrl: "/pkg/policy_widget.js" });
PolicyPasswordElement.define();
