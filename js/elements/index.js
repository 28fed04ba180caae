// The element classes and what configures them, without registering them (import
// "policy-widget/elements/define" for that, or call defineAll).
import { PolicyOriginsElement } from "./policy-origins.js";
import { PolicyPasswordElement } from "./policy-password.js";
import { PolicySettingsFormElement } from "./policy-settings-form.js";
import { PolicyTokenElement } from "./policy-token.js";

/** Every element of the package: <policy-password>, <policy-origins>, <policy-token>, <policy-settings-form>. */
export const elements = [PolicyPasswordElement, PolicyOriginsElement, PolicyTokenElement, PolicySettingsFormElement];

/** Registers every element under its default tag in `registry` (default: the page's). */
export function defineAll(registry = globalThis.customElements) {
  if (!registry) return; // Node: nothing to register
  for (const element of elements) element.define(undefined, registry);
}

export { PolicyOriginsElement, PolicyPasswordElement, PolicySettingsFormElement, PolicyTokenElement };
export { configure, load, loadPasswordChecker } from "./package-loader.js";
export { catalogue, setStrings, text } from "./i18n.js";
