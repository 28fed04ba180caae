// <policy-token>: wraps a <textarea> for a JWT (and optionally an input marked `data-secret`)
// and shows what inspectToken finds: header, claims, exp/iat/nbf as dates, a live countdown
// (re-inspected every second with the current time) and the signature verdict.
import { PolicyElement } from "./base-element.js";
import { load } from "./package-loader.js";
import { localeOf, text } from "./i18n.js";
import { describeBy, emit, ensureId, firstError, h } from "./dom.js";

const TICK_MS = 1000;

export class PolicyTokenElement extends PolicyElement {
  static observedAttributes = ["expected-ttl-seconds", "leeway-seconds", "secret-encoding", "algorithms", "lang"];

  static defaultTag = "policy-token";
  #report = null;
  #parts = null;
  #timer = null;
  #shownToken = null;

  /** The wrapped textarea holding the token. */
  get input() {
    return this.querySelector("textarea");
  }

  /** The optional secret input (`data-secret`). */
  get secretInput() {
    return this.querySelector("input[data-secret]");
  }

  /** The last TokenReport, or null. */
  get report() {
    return this.#report;
  }

  /** The TokenOptions built from the attributes, the secret input and the clock. */
  get options() {
    const options = { now: Date.now(), locale: localeOf(this) };
    const number = (name) => (this.hasAttribute(name) ? Number(this.getAttribute(name)) : undefined);
    const expected = number("expected-ttl-seconds");
    if (expected !== undefined) options.expectedTtlSeconds = expected;
    const leeway = number("leeway-seconds");
    if (leeway !== undefined) options.leewaySeconds = leeway;
    const secret = this.secretInput?.value;
    if (secret) {
      options.secret = secret;
      if (this.hasAttribute("secret-encoding")) options.secretEncoding = this.getAttribute("secret-encoding");
    }
    if (this.hasAttribute("algorithms")) {
      options.algorithms = this.getAttribute("algorithms").split(",").map((alg) => alg.trim()).filter(Boolean);
    }
    return options;
  }

  get control() {
    return this.input;
  }

  connect(input, signal) {
    this.#parts ??= this.#build(input);
    input.addEventListener("input", () => this.inspect({ announce: true }), { signal });
    this.secretInput?.addEventListener("input", () => this.inspect({ announce: true }), { signal });
    this.inspect();
  }

  disconnect() {
    this.#stopClock();
  }

  attributeChangedCallback() {
    if (this.#parts) this.inspect();
  }

  /** Re-renders in the current language (after `lang` changed on an ancestor). */
  refresh() {
    this.#shownToken = null;
    return this.inspect();
  }

  /** Inspects the token as of now and updates the view; resolves to the report. */
  async inspect({ announce = false } = {}) {
    const input = this.input;
    if (!input || !this.#parts) return null;
    let wasm;
    try {
      wasm = await load();
    } catch (error) {
      emit(this, "policy-token-error", { error });
      return null;
    }
    let report;
    try {
      report = wasm.inspectToken(input.value, this.options);
    } catch (error) {
      // Only bad options throw (an attribute with a wrong value).
      emit(this, "policy-token-error", { error });
      return null;
    }
    const previous = this.#report;
    this.#report = report;
    this.#render(report, input.value);
    const changed = previous?.status !== report.status || previous?.signature !== report.signature;
    if (announce || (changed && previous)) {
      this.announce(text(this, "token.announce", { status: this.#statusText(report), signature: this.#signatureText(report) }), {
        delay: announce ? 700 : 0,
      });
    }
    if (announce || changed) emit(this, "policy-token-change", { report });
    this.#runClock(report);
    return report;
  }

  #build(input) {
    const id = ensureId(input, "policy-token");
    input.setAttribute("spellcheck", "false");
    const error = h("p", { class: "policy-error", id: `${id}-error`, hidden: true });
    const status = h("p", { class: "policy-token-status", id: `${id}-status` });
    const facts = h("dl", {});
    const issues = h("ul", { class: "policy-token-issues" });
    const decoded = h("div", { class: "policy-token-decoded" });
    const output = h("div", { class: "policy-token-output" }, status, facts, issues, decoded);
    input.after(error);
    this.append(output);
    describeBy(input, error.id, status.id);
    this.addLiveRegion();
    return { error, status, facts, issues, decoded };
  }

  #statusText(report) {
    return report.status ? text(this, `token.status.${report.status}`) : text(this, "token.status.empty");
  }

  #signatureText(report) {
    return text(this, `token.signature.${report.signature}`);
  }

  #render(report, token) {
    const { error, status, facts, issues, decoded } = this.#parts;
    const empty = token.trim() === "";
    const locale = localeOf(this);

    status.dataset.status = empty ? "empty" : report.status;
    status.textContent = empty ? text(this, "token.status.empty") : `${text(this, "token.status")}: ${this.#statusText(report)}`;

    const rows = [];
    if (!empty && report.status !== "malformed") {
      const row = (key, value, attributes = {}) => rows.push(h("dt", {}, text(this, key)), h("dd", attributes, value));
      row("token.algorithm", report.alg ?? text(this, "token.none"));
      row("token.expiresAt", formatDate(report.expiresAt, locale) ?? text(this, "token.none"));
      row("token.issuedAt", formatDate(report.issuedAt, locale) ?? text(this, "token.none"));
      if (report.notBefore != null) row("token.notBefore", formatDate(report.notBefore, locale));
      if (report.lifetimeSeconds != null) row("token.lifetime", formatDuration(report.lifetimeSeconds, locale));
      if (report.secondsRemaining != null) {
        const remaining = report.secondsRemaining;
        const key = remaining > 0 ? "token.expiresIn" : "token.expiredAgo";
        row("token.remaining", text(this, key, { duration: formatDuration(Math.abs(remaining), locale) }), {
          class: "policy-token-countdown",
          "data-seconds": remaining,
        });
      }
      row("token.signature", this.#signatureText(report), {
        class: "policy-token-signature",
        "data-signature": report.signature,
      });
    }
    facts.replaceChildren(...rows);
    facts.hidden = rows.length === 0;

    issues.replaceChildren(
      ...(empty ? [] : report.issues).map((issue) =>
        h("li", { "data-code": issue.code, "data-severity": issue.severity }, issue.message),
      ),
    );

    // Header and claims change only with the token: leave them (and any selection) alone on ticks.
    if (token !== this.#shownToken) {
      this.#shownToken = token;
      const blocks = [];
      if (!empty && report.header) blocks.push(h("p", {}, text(this, "token.header")), h("pre", {}, JSON.stringify(report.header, null, 2)));
      if (!empty && report.claims) blocks.push(h("p", {}, text(this, "token.claims")), h("pre", {}, JSON.stringify(report.claims, null, 2)));
      decoded.replaceChildren(...blocks);
    }

    const problem = empty ? undefined : firstError(report);
    this.input.setCustomValidity(problem?.message ?? "");
    this.input.setAttribute("aria-invalid", String(Boolean(problem)));
    error.textContent = problem?.message ?? "";
    error.hidden = !problem;
  }

  /** Ticks once a second while the token has a time that matters; stops otherwise. */
  #runClock(report) {
    const ticking = report.expiresAt != null || report.notBefore != null;
    if (!ticking) {
      this.#stopClock();
      return;
    }
    if (this.#timer == null) this.#timer = setInterval(() => this.inspect(), TICK_MS);
  }

  #stopClock() {
    clearInterval(this.#timer);
    this.#timer = null;
  }
}

/** A NumericDate (seconds) as a local date and time, or null. */
function formatDate(seconds, locale) {
  if (seconds == null) return null;
  try {
    const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "long" }).format(new Date(seconds * 1000));
    return `${date} (${seconds})`;
  } catch {
    return String(seconds); // out of Date's range: the raw number says enough
  }
}

/** A number of seconds as "1 h 2 min 3 s" in the locale's words. */
function formatDuration(totalSeconds, locale) {
  const seconds = Math.floor(totalSeconds);
  const parts = {
    days: Math.floor(seconds / 86400),
    hours: Math.floor((seconds % 86400) / 3600),
    minutes: Math.floor((seconds % 3600) / 60),
    seconds: seconds % 60,
  };
  if (typeof Intl.DurationFormat === "function") {
    // Zero would otherwise format as "": show "0 s".
    return new Intl.DurationFormat(locale, { style: "short", ...(seconds === 0 && { secondsDisplay: "always" }) }).format(parts);
  }
  const units = { days: "d", hours: "h", minutes: "min", seconds: "s" };
  const shown = Object.entries(parts).filter(([, value]) => value > 0);
  return (shown.length ? shown : [["seconds", 0]]).map(([unit, value]) => `${value} ${units[unit]}`).join(" ");
}
