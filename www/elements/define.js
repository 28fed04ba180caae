// Registers every element under its default tag: <policy-password>, <policy-origins>,
// <policy-token>, <policy-settings-form>. Import the classes from index.js to pick other tags.
import { PolicyPasswordElement } from "./policy-password.js";
import { PolicyOriginsElement } from "./policy-origins.js";
import { PolicyTokenElement } from "./policy-token.js";
import { PolicySettingsFormElement } from "./policy-settings-form.js";

/** Registers all four elements in `registry` (default: the page's). */
export function defineAll(registry = globalThis.customElements) {
  if (!registry) return; // Node: nothing to register
  for (const element of [PolicyPasswordElement, PolicyOriginsElement, PolicyTokenElement, PolicySettingsFormElement]) {
    element.define(undefined, registry);
  }
}

defineAll();
