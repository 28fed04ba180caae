// <policy-origins>: wraps a <textarea> holding a comma- or newline-separated list of CORS
// origins. validateOrigins finds the problems; this element marks each one in place (a mirror
// behind the transparent textarea highlights the issue's `span`), lists them with one-click
// fixes (the entry's normalised `origin`), and shows the origins that will be allowed.
import { localeOf, text } from "./i18n.js";
import { PolicyElement } from "./base-element.js";
import { describeBy, emit, ensureId, firstError, h } from "./dom.js";

const ANNOUNCE_DELAY_MS = 900;

export class PolicyOriginsElement extends PolicyElement {
  static observedAttributes = ["site-is-https", "lang"];

  static defaultTag = "policy-origins";
  #report = null;
  #parts = null;
  #externalError = "";

  /** The wrapped textarea. */
  get input() {
    return this.querySelector("textarea");
  }

  /** The last OriginsReport, or null before the first check. */
  get report() {
    return this.#report;
  }

  /** Whether the site itself is served over HTTPS (`site-is-https`): http:// origins then warn. */
  get siteIsHttps() {
    return this.hasAttribute("site-is-https");
  }

  set siteIsHttps(value) {
    this.toggleAttribute("site-is-https", Boolean(value));
  }

  /**
   * A message from outside the element (the server's answer to a save), shown and set as
   * the textarea's validity until the text changes. "" clears it.
   */
  get externalError() {
    return this.#externalError;
  }

  set externalError(message) {
    // Re-render only on a change: a redraw under the pointer would swallow a click on a fix.
    if ((message ?? "") === this.#externalError) return;
    this.#externalError = message ?? "";
    if (this.#report) this.#render(this.#report);
  }

  get control() {
    return this.input;
  }

  connect(input, signal) {
    this.#parts ??= this.#build(input);
    input.addEventListener(
      "input",
      () => {
        this.#externalError = "";
        this.check({ announce: true });
      },
      { signal },
    );
    input.addEventListener("scroll", () => this.#syncScroll(), { signal, passive: true });
    this.#parts.problems.addEventListener("click", (event) => this.#onFixClick(event), { signal });
    this.check();
  }

  attributeChangedCallback() {
    if (this.#parts) this.check();
  }

  /** Re-renders in the current language (after `lang` changed on an ancestor). */
  refresh() {
    return this.check();
  }

  /** Checks the current text and updates the view, validity and `report`; resolves to the report. */
  async check({ announce = false } = {}) {
    const input = this.input;
    if (!input || !this.#parts) return null;
    const wasm = await this.moduleForLatestCheck("policy-origins-error");
    if (!wasm) return this.#report;
    const report = wasm.validateOrigins(input.value, { locale: localeOf(this), siteIsHttps: this.siteIsHttps });
    this.#report = report;
    this.#render(report);
    if (announce) this.#announceReport(report);
    emit(this, "policy-origins-change", { report });
    return report;
  }

  /**
   * Replaces entry `index` of the last report with its normalised origin, as the fix
   * button does. Resolves to the new report.
   */
  async applyFix(index) {
    const entry = this.#report?.entries[index];
    if (!entry?.origin) return null;
    const input = this.input;
    const [start, end] = entry.span;
    // setRangeText keeps the undo history and the caret sensible.
    input.setRangeText(entry.origin, start, end, "end");
    input.dispatchEvent(new Event("input", { bubbles: true }));
    const report = await this.check();
    this.announce(text(this, "origins.fixed", { input: entry.input, origin: entry.origin }));
    return report;
  }

  #build(input) {
    const id = ensureId(input, "policy-origins");
    const backdrop = h("div", { class: "policy-origins-backdrop", "aria-hidden": "true" });
    const box = h("div", { class: "policy-origins-box" });
    input.replaceWith(box);
    box.append(backdrop, input);

    const error = h("p", { class: "policy-error", id: `${id}-error`, hidden: true });
    const problems = h("ul", { class: "policy-origins-problems", id: `${id}-problems` });
    const acceptedHeading = h("p", { class: "policy-origins-heading", id: `${id}-accepted-heading` });
    const accepted = h("ul", { class: "policy-origins-list", "aria-labelledby": acceptedHeading.id });
    const none = h("p", { class: "hint policy-origins-none" });
    box.after(error, problems, acceptedHeading, accepted, none);
    describeBy(input, error.id, problems.id);
    this.addLiveRegion();
    return { backdrop, error, problems, acceptedHeading, accepted, none };
  }

  #render(report) {
    const input = this.input;
    const { error, problems, acceptedHeading, accepted, none } = this.#parts;
    this.#renderMarks(input.value, report);

    const entryIssueCount = report.entries.reduce((sum, entry) => sum + entry.issues.length, 0);
    const wholeTextIssues = report.issues.slice(entryIssueCount);
    problems.replaceChildren(
      ...report.entries.flatMap((entry, index) => (entry.issues.length ? [this.#problemItem(entry, index)] : [])),
      ...wholeTextIssues.map((issue) => h("li", { "data-severity": issue.severity, "data-code": issue.code }, issue.message)),
    );

    acceptedHeading.textContent = text(this, "origins.accepted", { count: report.origins.length });
    accepted.replaceChildren(...report.origins.map((origin) => h("li", {}, h("code", {}, origin))));
    accepted.hidden = report.origins.length === 0;
    none.textContent = text(this, "origins.none");
    none.hidden = report.origins.length > 0;

    const message = this.#externalError || firstError(report)?.message || "";
    input.setCustomValidity(message);
    input.setAttribute("aria-invalid", String(Boolean(message)));
    error.textContent = message;
    error.hidden = !message;
    this.toggleAttribute("invalid", Boolean(message));
  }

  #problemItem(entry, index) {
    const severity = entry.ok ? entry.issues[0].severity : "error";
    const item = h(
      "li",
      { "data-severity": severity, "data-entry": index },
      h("span", {}, text(this, "origins.entry", { index: index + 1, input: entry.input })),
      h("ul", {}, ...entry.issues.map((issue) => h("li", { "data-code": issue.code, "data-severity": issue.severity }, issue.message))),
    );
    if (!entry.ok && entry.origin && entry.origin !== entry.input) {
      item.append(
        h(
          "p",
          { class: "policy-origins-fix" },
          text(this, "origins.didYouMean", { origin: entry.origin }),
          " ",
          h("button", { type: "button", "data-fix": index }, text(this, "origins.fix", { origin: entry.origin })),
        ),
      );
    }
    return item;
  }

  /** Draws the text again in the mirror, with each issue's span wrapped in <mark>. */
  #renderMarks(value, report) {
    const marks = [];
    for (const entry of report.entries) {
      for (const issue of entry.issues) {
        const [start, end] = issue.span ?? entry.span;
        // An empty span (an empty entry) still deserves a visible mark: widen it to one unit.
        marks.push({ start, end: Math.max(end, start + 1), severity: issue.severity, code: issue.code });
      }
    }
    marks.sort((a, b) => a.start - b.start || (a.severity === "error" ? -1 : 1));
    const nodes = [];
    let position = 0;
    for (const mark of marks) {
      if (mark.start < position) continue; // overlaps one already drawn
      nodes.push(value.slice(position, mark.start));
      nodes.push(h("mark", { "data-severity": mark.severity, "data-code": mark.code }, value.slice(mark.start, mark.end) || " "));
      position = mark.end;
    }
    // A trailing space keeps a final newline from collapsing, so both boxes wrap alike.
    nodes.push(value.slice(position), " ");
    this.#parts.backdrop.replaceChildren(...nodes);
    this.#syncScroll();
  }

  #syncScroll() {
    const input = this.input;
    if (!input || !this.#parts) return;
    this.#parts.backdrop.scrollTop = input.scrollTop;
    this.#parts.backdrop.scrollLeft = input.scrollLeft;
  }

  #onFixClick(event) {
    const button = event.target.closest("button[data-fix]");
    if (!button) return;
    const index = Number(button.dataset.fix);
    this.applyFix(index).then(() => this.input.focus());
  }

  #announceReport(report) {
    const errors = report.issues.filter((issue) => issue.severity === "error").length;
    const key = errors ? "origins.announceErrors" : "origins.announceOk";
    this.announce(text(this, key, { errors, count: report.origins.length }), { delay: ANNOUNCE_DELAY_MS });
  }
}
