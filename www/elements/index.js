// The element classes, without registering them (import "policy-widget/elements/define" for that).
export { PolicyPasswordElement } from "./policy-password.js";
export { PolicyOriginsElement } from "./policy-origins.js";
export { PolicyTokenElement } from "./policy-token.js";
export { PolicySettingsFormElement } from "./policy-settings-form.js";
export { configure, load, loadPasswordChecker } from "./wasm.js";
export { catalogue, setStrings, text } from "./i18n.js";
