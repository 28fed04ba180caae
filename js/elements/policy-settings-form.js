// <policy-settings-form>: wraps the admin <form>. Each settings control is a native control
// whose `name` is its settings path ("passwordPolicy.minLength", "cors.allowedOrigins").
// The element converts controls <-> the SecuritySettings object (settings-form/values.js),
// validates it live with validateSettings, saves it (PUT with If-Match) and maps a 422's
// issues back onto the fields by `path`. Its other conversations with the server are in
// settings-form/: the API client, the sign-in form, the 409 conflict, secret rotation, the
// token card's "issue a test token" and "verify with the server", and the activity log.
import { PolicyElement } from "./base-element.js";
import { describeBy, emit, ensureId, h } from "./dom.js";
import { localeOf, text } from "./i18n.js";
import { load } from "./package-loader.js";
import { activityLog } from "./settings-form/activity.js";
import { etagOf, settingsApi } from "./settings-form/api.js";
import { conflict } from "./settings-form/conflict.js";
import { contentTokenTools } from "./settings-form/content-token.js";
import { secretRotation } from "./settings-form/secret-rotation.js";
import { signIn } from "./settings-form/sign-in.js";
import { controlFor, fill, setPath, valueOf } from "./settings-form/values.js";

export class PolicySettingsFormElement extends PolicyElement {
  static observedAttributes = ["api", "lang"];

  static defaultTag = "policy-settings-form";
  #baseline = null; // the settings as the server last gave them
  #etag = null;
  #version = null;
  #report = null; // the last SettingsReport of the form's values
  #wasm = null; // the core, once loaded
  #serverIssues = []; // the last 422's issues, until their field is edited
  #api = settingsApi(this);
  #parts = null;
  #messages = new WeakMap(); // control -> { error, hint } elements

  /** The wrapped settings form. */
  get form() {
    return this.querySelector("form:not([data-policy-login])");
  }

  get control() {
    return this.form;
  }

  /** The API's base URL (`api` attribute, default "/api"). */
  get api() {
    return (this.getAttribute("api") ?? "/api").replace(/\/$/, "");
  }

  /** The settings as the form currently holds them. */
  get settings() {
    return this.#collect();
  }

  /** The version the form was loaded from (the server's `version`). */
  get version() {
    return this.#version;
  }

  /** The last SettingsReport of the form's values. */
  get report() {
    return this.#report;
  }

  connect(form, signal) {
    this.#parts ??= this.#build(form);
    // The element validates and reports itself; the browser's bubbles would only duplicate it.
    form.noValidate = true;
    form.addEventListener("input", (event) => this.#onEdit(event), { signal });
    form.addEventListener("change", (event) => this.#onEdit(event), { signal });
    form.addEventListener("policy-origins-change", () => this.validate(), { signal });
    form.addEventListener("submit", (event) => this.#onSubmit(event), { signal });
    for (const part of this.#conversations()) part.listen(signal);
    this.#relabel();
    if (!this.#baseline) this.load();
  }

  attributeChangedCallback(name) {
    if (!this.#parts) return;
    if (name === "lang") this.refresh();
  }

  /** Re-renders in the current language (after `lang` changed on an ancestor). */
  refresh() {
    this.#relabel();
    return this.validate();
  }

  /** Loads the session and the settings; shows the sign-in form when there is no session. */
  async load() {
    const { signIn } = this.#parts;
    this.#status("settings.loading");
    try {
      const session = await this.#api.request("GET", "/session");
      if (session.status === 401) return signIn.show();
      if (!session.ok) return this.#status("settings.loadFailed", { status: session.status }, "error");
      this.#api.csrfToken = session.body?.csrfToken ?? null;
      const response = await this.#api.request("GET", "/settings");
      if (response.status === 401) return signIn.show();
      if (!response.ok) {
        signIn.hide();
        this.#status("settings.loadFailed", { status: response.status }, "error");
        // 403: signed in, but not as an admin; the page may show that member's own views.
        emit(this, "policy-settings-error", { status: response.status, body: response.body });
        return;
      }
      signIn.hide();
      await this.#accept(response, { fill: true });
      this.#status("settings.loaded", { version: this.#version }, "ok");
      emit(this, "policy-settings-load", { settings: this.#baseline, version: this.#version });
      this.loadActivity();
    } catch (error) {
      this.#status("settings.network", {}, "error");
      emit(this, "policy-settings-error", { status: 0, error });
    }
  }

  /** Validates the form's values with the core and marks every field; resolves to the report. */
  async validate() {
    if (!this.#parts) return null;
    const wasm = (this.#wasm = await load());
    const settings = this.#collect(wasm);
    const report = wasm.validateSettings(settings, { locale: localeOf(this) });
    this.#report = report;
    this.#markFields();
    this.#follow(settings, report);
    emit(this, "policy-settings-change", { settings, report });
    return report;
  }

  /** Saves the form's values (PUT with If-Match). Resolves to true when the server took them. */
  async save() {
    const settings = this.#collect((this.#wasm = await load()));
    this.#status("settings.saving");
    this.form.setAttribute("aria-busy", "true");
    let response;
    try {
      response = await this.#api.request("PUT", "/settings", settings, { "If-Match": this.#etag ?? "" });
    } catch (error) {
      // Nothing typed is touched: the admin can simply press Save again.
      this.#status("settings.network", {}, "error");
      emit(this, "policy-settings-error", { status: 0, error });
      return false;
    } finally {
      this.form.removeAttribute("aria-busy");
    }
    switch (response.status) {
      case 200: {
        const unchangedSinceSent = JSON.stringify(this.#collect()) === JSON.stringify(settings);
        await this.#accept(response, { fill: unchangedSinceSent });
        this.#serverIssues = [];
        this.#markFields();
        this.#status("settings.saved", { version: this.#version }, "ok");
        emit(this, "policy-settings-save", { settings: this.#baseline, version: this.#version });
        this.loadActivity();
        return true;
      }
      case 422: {
        this.#serverIssues = response.body?.issues ?? [];
        this.#markFields();
        this.#status("settings.rejected", {}, "error");
        this.#controls().find((control) => !control.validity.valid)?.focus();
        emit(this, "policy-settings-error", { status: 422, issues: this.#serverIssues });
        return false;
      }
      case 409: {
        const { conflict } = this.#parts;
        await conflict.show(settings, this.#baseline);
        emit(this, "policy-settings-error", { status: 409, conflict: conflict.pending });
        return false;
      }
      case 401:
        this.#parts.signIn.show("settings.sessionEnded");
        emit(this, "policy-settings-error", { status: 401 });
        return false;
      default:
        this.#status("settings.failed", { status: response.status, message: response.body?.message ?? "" }, "error");
        emit(this, "policy-settings-error", { status: response.status, body: response.body });
        return false;
    }
  }

  /** Loads the activity log into the `[data-activity]` section, if the page has one. */
  loadActivity() {
    return this.#parts.activity.load();
  }

  /**
   * Carries on a sign-in another view began, such as an invitation accepted while two-factor
   * authentication is enforced: `answer` is the server's `{ next: "totp" | "totp_setup",
   * challenge, … }`. The element asks for the code (after the QR code, to enrol) and then
   * loads as after any sign-in.
   */
  continueSignIn(answer) {
    this.#parts?.signIn.continueWith(answer);
  }

  // --- building ---------------------------------------------------------------------------

  #build(form) {
    const status = h("p", { class: "policy-settings-status", role: "status", "aria-live": "polite" });
    const general = h("ul", { class: "policy-settings-issues", hidden: true });
    const actions = form.querySelector(".actions") ?? form;
    actions.append(status);
    actions.after(general);
    const context = { api: this.#api, status: (...args) => this.#status(...args) };
    const signInForm = signIn(this, form, { ...context, onSignedIn: () => this.#onSignedIn() });
    return {
      status,
      general,
      signIn: signInForm,
      conflict: conflict(this, actions, {
        ...context,
        onReload: (theirs) => this.#reloadTheirs(theirs),
        onOverwrite: (theirs) => this.#overwrite(theirs),
      }),
      rotation: secretRotation(this, {
        ...context,
        onSessionEnded: () => signInForm.show("settings.sessionEnded"),
        onRotated: () => this.loadActivity(),
      }),
      tokenTools: contentTokenTools(this, {
        ...context,
        onSessionEnded: () => signInForm.show("settings.sessionEnded"),
      }),
      activity: activityLog(this, context),
    };
  }

  /** The parts that hold a conversation with the server, each with its own words and listeners. */
  #conversations() {
    const { signIn, conflict, rotation, tokenTools, activity } = this.#parts;
    return [signIn, conflict, rotation, tokenTools, activity];
  }

  /** Puts the catalogue's words on the parts the element made. */
  #relabel() {
    for (const part of this.#conversations()) part.relabel();
  }

  // --- form <-> settings --------------------------------------------------------------------

  /** The named settings controls of the form. */
  #controls() {
    return [...this.form.elements].filter((control) => control.name && !control.disabled && control.type !== "submit");
  }

  /**
   * The settings object the controls describe. Starts from the server's copy, so fields the
   * page has no control for survive a save.
   */
  #collect(wasm = this.#wasm) {
    const settings = structuredClone(this.#baseline ?? wasm?.defaultSettings() ?? {});
    for (const control of this.#controls()) {
      setPath(settings, control.name, valueOf(control, wasm));
    }
    return settings;
  }

  /** Writes `settings` into the controls and lets the origins fields check their new text. */
  async #fill(settings) {
    fill(this.#controls(), settings);
    await Promise.all([...this.querySelectorAll("policy-origins")].map((origins) => origins.check?.()));
  }

  // --- marking fields -----------------------------------------------------------------------

  /** Sets each control's validity and messages from the server's and the core's issues. */
  #markFields() {
    const byControl = new Map();
    const unplaced = [];
    const serverIssues = this.#serverIssues.map((issue) => ({ ...issue, fromServer: true }));
    for (const issue of [...serverIssues, ...(this.#report?.issues ?? [])]) {
      const control = controlFor(this.form, issue.path);
      if (!control) {
        if (issue.severity === "error") unplaced.push(issue);
        continue;
      }
      if (!byControl.has(control)) byControl.set(control, []);
      byControl.get(control).push(issue);
    }
    for (const control of this.#controls()) {
      const issues = byControl.get(control) ?? [];
      const error = issues.find((issue) => issue.severity === "error");
      const hints = issues.filter((issue) => issue.severity !== "error");
      this.#markControl(control, error, hints);
    }
    const { general } = this.#parts;
    general.replaceChildren(...unplaced.map((issue) => h("li", { class: "policy-error", "data-code": issue.code }, issue.message)));
    general.hidden = unplaced.length === 0;
  }

  #markControl(control, error, hints) {
    const origins = control.closest("policy-origins");
    if (origins) {
      // <policy-origins> owns its textarea's validity and already shows the core's findings;
      // it only needs what the server said.
      origins.externalError = error?.fromServer ? error.message : "";
      return;
    }
    const messages = this.#messagesFor(control);
    control.setCustomValidity(error?.message ?? "");
    control.setAttribute("aria-invalid", String(Boolean(error)));
    messages.error.textContent = error?.message ?? "";
    messages.error.dataset.code = error?.code ?? "";
    messages.error.hidden = !error;
    const uniqueHints = [...new Map(hints.map((hint) => [hint.code, hint])).values()];
    messages.hint.replaceChildren(...uniqueHints.map((hint) => h("span", { "data-code": hint.code }, text(this, "settings.hint", { message: hint.message }), " ")));
    messages.hint.hidden = uniqueHints.length === 0;
  }

  /** The error and hint paragraphs of a control, made on first use and linked by aria-describedby. */
  #messagesFor(control) {
    let messages = this.#messages.get(control);
    if (messages) return messages;
    const id = ensureId(control, "policy-setting");
    messages = {
      error: h("p", { class: "policy-error", id: `${id}-error`, hidden: true }),
      hint: h("p", { class: "policy-hint-issue", id: `${id}-hint`, hidden: true }),
    };
    const anchor = control.closest("label") ?? control;
    anchor.after(messages.error, messages.hint);
    describeBy(control, messages.error.id, messages.hint.id);
    this.#messages.set(control, messages);
    return messages;
  }

  /** Keeps the embedded helpers in step with the values being edited. */
  #follow(settings, report) {
    const broken = (prefix) => report.issues.some((issue) => issue.severity === "error" && (issue.path ?? "").startsWith(prefix));
    if (!broken("passwordPolicy")) {
      for (const password of this.querySelectorAll("policy-password[data-follows-policy]")) {
        if (JSON.stringify(password.policy) !== JSON.stringify(settings.passwordPolicy)) password.policy = settings.passwordPolicy;
      }
    }
    if (!broken("contentToken")) {
      for (const token of this.querySelectorAll("policy-token")) {
        const ttl = String(settings.contentToken.ttlSeconds);
        if (token.getAttribute("expected-ttl-seconds") !== ttl) token.setAttribute("expected-ttl-seconds", ttl);
      }
    }
  }

  // --- events -------------------------------------------------------------------------------

  #onEdit(event) {
    const control = event.target;
    if (!control.name) return;
    // The server's verdict on a field stands until that field is edited.
    this.#serverIssues = this.#serverIssues.filter((issue) => controlFor(this.form, issue.path) !== control);
    this.validate();
  }

  async #onSubmit(event) {
    event.preventDefault();
    if (this.#parts.conflict.pending) return;
    await this.validate();
    const invalid = this.#controls().filter((control) => !control.validity.valid);
    if (invalid.length > 0) {
      this.#status("settings.invalid", { count: invalid.length }, "error");
      invalid[0].focus();
      emit(this, "policy-settings-invalid", { report: this.#report, controls: invalid });
      return;
    }
    await this.save();
  }

  async #onSignedIn() {
    if (this.#baseline) {
      // The session had ended mid-edit: keep the edit, just let the admin save again.
      this.#parts.signIn.hide();
      this.#status("settings.signedIn", {}, "ok");
      this.form.querySelector("[type=submit]")?.focus();
    } else {
      await this.load();
      this.#controls()[0]?.focus();
    }
  }

  // --- the server's answers -----------------------------------------------------------------

  /** Takes a `{ settings, version }` answer as the new baseline. */
  async #accept(response, { fill }) {
    this.#baseline = response.body.settings;
    this.#version = response.body.version;
    this.#etag = etagOf(response);
    if (fill) await this.#fill(this.#baseline);
    await this.validate();
  }

  /** The 409's "load their version": their settings replace the form's. */
  async #reloadTheirs(theirs) {
    this.#baseline = theirs.settings;
    this.#version = theirs.version;
    this.#etag = theirs.etag;
    this.#serverIssues = [];
    await this.#fill(theirs.settings);
    await this.validate();
    this.#status("settings.reloaded", {}, "ok");
    this.#controls()[0]?.focus();
  }

  /** The 409's "overwrite": claim their version, keep the form's values, save again. */
  async #overwrite(theirs) {
    this.#etag = theirs.etag;
    this.#version = theirs.version;
    await this.save();
    this.form.querySelector("[type=submit]")?.focus();
  }

  #status(key, params = {}, kind = "info") {
    const { status } = this.#parts;
    status.textContent = text(this, key, params);
    status.dataset.kind = kind;
  }
}
