// <policy-password>: wraps an <input type="password"> with the strength meter, the rule
// checklist, zxcvbn's feedback and a show/hide button. checkPassword decides everything.
import { localeOf, text } from "./i18n.js";
import { PolicyElement } from "./base-element.js";
import { describeBy, emit, ensureId, firstError, h } from "./dom.js";
import { loadPasswordChecker } from "./package-loader.js";

/** Quiet time before the live region speaks, so typing does not chatter. */
const ANNOUNCE_DELAY_MS = 700;

export class PolicyPasswordElement extends PolicyElement {
  static observedAttributes = ["policy", "user-inputs", "lang"];

  static defaultTag = "policy-password";
  #policy = null;
  #userInputs = null;
  #report = null;
  #parts = null;

  /** The wrapped input. */
  get input() {
    return this.querySelector("input");
  }

  /** The last PasswordReport, or null before the first check. */
  get report() {
    return this.#report;
  }

  /** The PasswordPolicy: the property when set, else the `policy` attribute (JSON), else {}. */
  get policy() {
    if (this.#policy) return this.#policy;
    const attribute = this.getAttribute("policy");
    if (!attribute) return {};
    try {
      return JSON.parse(attribute);
    } catch (error) {
      emit(this, "policy-password-error", { error });
      return {};
    }
  }

  set policy(value) {
    this.#policy = value ?? null;
    this.check();
  }

  /** The user's own details (email, names): the property, else the comma-separated `user-inputs` attribute. */
  get userInputs() {
    if (this.#userInputs) return this.#userInputs;
    const attribute = this.getAttribute("user-inputs");
    return attribute ? attribute.split(",").map((part) => part.trim()).filter(Boolean) : [];
  }

  set userInputs(value) {
    this.#userInputs = value ?? null;
    this.check();
  }

  get control() {
    return this.input;
  }

  connect(input, signal) {
    this.#parts ??= this.#build(input);
    input.addEventListener("input", () => this.check({ announce: true }), { signal });
    this.#parts.toggle.addEventListener("click", () => this.#toggle(), { signal });
    this.#relabel();
    this.check();
  }

  attributeChangedCallback(name) {
    if (!this.#parts) return;
    if (name === "lang") this.#relabel();
    this.check();
  }

  /** Re-renders in the current language (after `lang` changed on an ancestor). */
  refresh() {
    return this.check();
  }

  /** Checks the current value and updates the view, validity and `report`; resolves to the report. */
  async check({ announce = false } = {}) {
    const input = this.input;
    if (!input || !this.#parts) return null;
    const wasm = await this.moduleForLatestCheck("policy-password-error", loadPasswordChecker);
    if (!wasm) return this.#report;
    const policy = this.policy;
    let report;
    try {
      input.setAttribute("passwordrules", wasm.passwordRules(policy));
      report = wasm.checkPassword(input.value, policy, { userInputs: this.userInputs, locale: localeOf(this) });
    } catch (error) {
      // Only a bad policy object throws; keep the last view and say why.
      emit(this, "policy-password-error", { error });
      return null;
    }
    this.#report = report;
    this.#relabel();
    this.#render(report, input);
    if (announce) this.#announceReport(report);
    emit(this, "policy-password-change", { report });
    return report;
  }

  #build(input) {
    const id = ensureId(input, "policy-password");
    if (!input.hasAttribute("autocomplete")) input.setAttribute("autocomplete", "new-password");
    input.setAttribute("spellcheck", "false");
    input.setAttribute("autocapitalize", "off");

    const toggle = h("button", { type: "button", class: "policy-password-toggle", "aria-controls": id });
    const meter = h("meter", { min: 0, max: 4, low: 2, high: 3, optimum: 4, value: 0, id: `${id}-meter` });
    const label = h("span", { class: "policy-password-label", id: `${id}-label` });
    const strength = h("div", { class: "policy-password-strength", "data-score": "0" }, meter, label);
    const rules = h("ul", { class: "policy-checklist", id: `${id}-rules` });
    const rulesHeading = h("p", { class: "policy-checklist-heading", id: `${id}-rules-heading` });
    rules.setAttribute("aria-labelledby", rulesHeading.id);
    const feedback = h("div", { class: "policy-password-feedback", id: `${id}-feedback` });
    const error = h("p", { class: "policy-error", id: `${id}-error`, hidden: true });

    input.after(toggle);
    const panel = h("div", { class: "policy-password-panel" }, strength, error, rulesHeading, rules, feedback);
    toggle.after(panel);
    describeBy(input, label.id, error.id, rules.id, feedback.id);
    this.addLiveRegion();
    return { toggle, meter, label, strength, rules, rulesHeading, feedback, error };
  }

  /** Puts the catalogue's words on the parts that do not depend on the report. */
  #relabel() {
    const { toggle, meter, rulesHeading } = this.#parts;
    const shown = this.input?.type === "text";
    toggle.textContent = text(this, shown ? "password.hide" : "password.show");
    meter.setAttribute("aria-label", text(this, "password.strengthName"));
    rulesHeading.textContent = text(this, "password.rules");
  }

  #toggle() {
    const input = this.input;
    const show = input.type === "password";
    input.type = show ? "text" : "password";
    this.#relabel();
    this.announce(text(this, show ? "password.shown" : "password.hidden"));
  }

  #render(report, input) {
    const { meter, label, strength, rules, feedback, error } = this.#parts;
    const empty = input.value === "";
    const { score } = report.strength;
    meter.value = empty ? 0 : score;
    strength.dataset.score = empty ? "none" : String(score);
    label.textContent = empty ? "" : text(this, "password.strength", { label: report.strength.label });

    rules.replaceChildren(
      ...report.rules.map((rule) =>
        h(
          "li",
          { "data-code": rule.code, "data-met": String(rule.met) },
          h("span", { class: "policy-mark", "aria-hidden": "true" }, rule.met ? "✓" : "✗"),
          h("span", { class: "policy-visually-hidden" }, text(this, rule.met ? "password.met" : "password.unmet"), " "),
          rule.message,
        ),
      ),
    );

    const { warning, suggestions } = report.strength;
    feedback.replaceChildren(
      ...(empty
        ? []
        : [
            warning && h("p", { class: "policy-warning", "data-code": warning.code }, warning.message),
            suggestions.length > 0 &&
              h("ul", {}, ...suggestions.map((s) => h("li", { "data-code": s.code }, s.message))),
            h("p", { class: "policy-crack-time" }, text(this, "password.crackTime", { time: report.strength.crackTimeDisplay })),
          ].filter(Boolean)),
    );

    // An empty field is the `required` attribute's business, not the policy's.
    const problem = empty ? undefined : firstError(report);
    input.setCustomValidity(problem?.message ?? "");
    error.textContent = problem?.message ?? "";
    error.hidden = !problem;
    this.toggleAttribute("invalid", Boolean(problem));
  }

  #announceReport(report) {
    const met = report.rules.filter((rule) => rule.met).length;
    const message = text(this, "password.announce", { label: report.strength.label, met, total: report.rules.length });
    this.announce(message, { delay: ANNOUNCE_DELAY_MS });
  }
}
