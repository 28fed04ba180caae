// <policy-settings-form>: wraps the admin <form>. Each settings control is a native control
// whose `name` is its settings path ("passwordPolicy.minLength", "cors.allowedOrigins").
// The element converts controls <-> the SecuritySettings object, validates it live with
// validateSettings, and talks to the reference server: session, load, PUT with If-Match and
// the CSRF token, 422 issues mapped back by `path`, 409 conflicts, secret rotation, activity.
import { load } from "./wasm.js";
import { localeOf, text } from "./i18n.js";
import { Base, describeBy, emit, ensureId, h } from "./dom.js";

/** How many activity entries to show. */
const ACTIVITY_LIMIT = 20;

export class PolicySettingsFormElement extends Base {
  static observedAttributes = ["api", "lang"];

  static defaultTag = "policy-settings-form";
  #baseline = null; // the settings as the server last gave them
  #etag = null;
  #version = null;
  #csrfToken = null;
  #report = null; // the last SettingsReport of the form's values
  #wasm = null; // the core, once loaded
  #serverIssues = []; // the last 422's issues, until their field is edited
  #conflict = null; // { settings, etag, version } of the other admin's version during a 409
  #parts = null;
  #abort = null;
  #messages = new WeakMap(); // control -> { error, hint } elements

  /** The wrapped settings form. */
  get form() {
    return this.querySelector("form:not([data-policy-login])");
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

  connectedCallback() {
    const form = this.form;
    if (!form) return;
    this.#parts ??= this.#build(form);
    this.#abort = new AbortController();
    const { signal } = this.#abort;
    // The element validates and reports itself; the browser's bubbles would only duplicate it.
    form.noValidate = true;
    form.addEventListener("input", (event) => this.#onEdit(event), { signal });
    form.addEventListener("change", (event) => this.#onEdit(event), { signal });
    form.addEventListener("policy-origins-change", () => this.validate(), { signal });
    form.addEventListener("submit", (event) => this.#onSubmit(event), { signal });
    this.addEventListener("click", (event) => this.#onClick(event), { signal });
    this.#parts.login.addEventListener("submit", (event) => this.#onSignIn(event), { signal });
    this.#relabel();
    if (!this.#baseline) this.load();
  }

  disconnectedCallback() {
    this.#abort?.abort();
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
    this.#status("settings.loading");
    try {
      const session = await this.#request("GET", "/session");
      if (session.status === 401) return this.#showLogin();
      if (!session.ok) return this.#status("settings.loadFailed", { status: session.status }, "error");
      this.#csrfToken = session.body?.csrfToken ?? null;
      const response = await this.#request("GET", "/settings");
      if (response.status === 401) return this.#showLogin();
      if (!response.ok) return this.#status("settings.loadFailed", { status: response.status }, "error");
      this.#hideLogin();
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
      response = await this.#request("PUT", "/settings", settings, { "If-Match": this.#etag ?? "" });
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
        this.#firstInvalidControl()?.focus();
        emit(this, "policy-settings-error", { status: 422, issues: this.#serverIssues });
        return false;
      }
      case 409:
        await this.#showConflict(settings);
        emit(this, "policy-settings-error", { status: 409, conflict: this.#conflict });
        return false;
      case 401:
        this.#showLogin("settings.sessionEnded");
        emit(this, "policy-settings-error", { status: 401 });
        return false;
      default:
        this.#status("settings.failed", { status: response.status, message: response.body?.message ?? "" }, "error");
        emit(this, "policy-settings-error", { status: response.status, body: response.body });
        return false;
    }
  }

  /** Loads the activity log into the `[data-activity]` section, if the page has one. */
  async loadActivity() {
    const section = this.querySelector("[data-activity]");
    if (!section) return;
    const list = this.#parts.activityList;
    if (!list.isConnected) section.append(this.#parts.activityRefresh, list);
    let response;
    try {
      response = await this.#request("GET", `/activity?limit=${ACTIVITY_LIMIT}`);
    } catch {
      return;
    }
    if (!response.ok) return;
    const locale = localeOf(this);
    const entries = response.body?.entries ?? [];
    list.replaceChildren(
      ...(entries.length === 0
        ? [h("li", {}, text(this, "settings.activityEmpty"))]
        : entries.map((entry) =>
            h(
              "li",
              { "data-event": entry.event },
              text(this, "settings.activityEntry", {
                at: formatTimestamp(entry.at, locale),
                event: entry.event,
                actor: entry.who?.actor ?? "",
                via: entry.who?.via ?? "",
                address: entry.who?.address ?? "",
              }),
              entry.changes?.length
                ? h(
                    "ul",
                    {},
                    ...entry.changes.map((change) =>
                      h("li", {}, text(this, "settings.activityChange", { path: change.path, old: show(change.old), new: show(change.new) })),
                    ),
                  )
                : null,
            ),
          )),
    );
  }

  // --- building ---------------------------------------------------------------------------

  #build(form) {
    const status = h("p", { class: "policy-settings-status", role: "status", "aria-live": "polite" });
    const general = h("ul", { class: "policy-settings-issues", hidden: true });
    const actions = form.querySelector(".actions") ?? form;
    actions.append(status);
    actions.after(general);

    const conflictHeading = h("p", { class: "policy-settings-conflict-heading", tabindex: "-1" });
    const conflictList = h("ul", {});
    const reload = h("button", { type: "button", "data-action": "conflict-reload" });
    const overwrite = h("button", { type: "button", "data-action": "conflict-overwrite" });
    const conflict = h("div", { class: "policy-settings-conflict", role: "alert", hidden: true }, conflictHeading, h("p", { class: "policy-settings-conflict-intro" }), conflictList, reload, " ", overwrite);
    actions.before(conflict);

    const loginHeading = h("h2", { id: ensureId(form, "policy-settings") + "-login-heading" });
    const tokenInput = h("input", { type: "password", name: "token", required: true, autocomplete: "current-password", id: `${form.id}-admin-token` });
    const tokenLabel = h("label", { for: tokenInput.id });
    const loginError = h("p", { class: "policy-error", id: `${tokenInput.id}-error`, hidden: true });
    describeBy(tokenInput, loginError.id);
    const loginButton = h("button", { type: "submit", class: "primary" });
    const login = h(
      "form",
      { class: "policy-settings-login", "data-policy-login": "", hidden: true, "aria-labelledby": loginHeading.id, novalidate: true },
      loginHeading,
      h("p", {}, tokenLabel, h("br"), tokenInput),
      loginError,
      loginButton,
    );
    form.before(login);

    const rotateBox = this.querySelector("[data-rotate]");
    const rotateConfirm = h(
      "div",
      { class: "policy-settings-rotate-confirm", hidden: true },
      h("p", { class: "policy-warning" }),
      h("button", { type: "button", "data-action": "rotate-confirm" }),
      " ",
      h("button", { type: "button", "data-action": "rotate-cancel" }),
    );
    const rotateResult = h("div", { class: "policy-settings-rotated", hidden: true, tabindex: "-1" });
    rotateBox?.append(rotateConfirm, rotateResult);

    const activityRefresh = h("button", { type: "button", "data-action": "activity-refresh" });
    const activityList = h("ol", { class: "policy-activity-list" });

    return {
      status, general, conflict, conflictHeading, conflictList, reload, overwrite,
      login, loginHeading, tokenInput, tokenLabel, loginError, loginButton,
      rotateConfirm, rotateResult, activityRefresh, activityList,
    };
  }

  /** Puts the catalogue's words on the parts the element made. */
  #relabel() {
    const p = this.#parts;
    p.loginHeading.textContent = text(this, "settings.signInHeading");
    p.tokenLabel.textContent = text(this, "settings.token");
    p.loginButton.textContent = text(this, "settings.signIn");
    p.conflictHeading.textContent = text(this, "settings.conflict");
    p.reload.textContent = text(this, "settings.reload");
    p.overwrite.textContent = text(this, "settings.overwrite");
    const [question, yes, no] = p.rotateConfirm.children;
    question.textContent = text(this, "settings.rotateConfirm");
    yes.textContent = text(this, "settings.rotateYes");
    no.textContent = text(this, "settings.rotateNo");
    p.activityRefresh.textContent = text(this, "settings.activityRefresh");
  }

  // --- form <-> settings --------------------------------------------------------------------

  /** The named settings controls of the form. */
  #controls() {
    return [...this.form.elements].filter((control) => control.name && !control.disabled && control.type !== "submit");
  }

  /** Writes `settings` into the controls. */
  #fill(settings) {
    for (const control of this.#controls()) {
      const value = getPath(settings, control.name);
      if (value === undefined) continue;
      if (control.type === "checkbox") control.checked = Boolean(value);
      else if (Array.isArray(value)) control.value = value.join("\n");
      else control.value = value == null ? "" : String(value);
    }
  }

  /**
   * The settings object the controls describe. Starts from the server's copy, so fields the
   * page has no control for survive a save. Values are converted, never judged: a number
   * field holding text is passed on as text, and validateSettings says what is wrong with it.
   */
  #collect(wasm = this.#wasm) {
    const settings = structuredClone(this.#baseline ?? wasm?.defaultSettings() ?? {});
    for (const control of this.#controls()) {
      setPath(settings, control.name, this.#valueOf(control, wasm));
    }
    return settings;
  }

  #valueOf(control, wasm) {
    const type = control.dataset.type ?? control.type;
    if (control.type === "checkbox") return control.checked;
    if (type === "origins") {
      // The core splits the list: the origins element's last report, else validateOrigins here.
      const report = control.closest("policy-origins")?.report ?? wasm?.validateOrigins(control.value);
      if (report) return report.ok ? report.origins : report.entries.map((entry) => entry.input);
      // Only before the module has loaded, when nothing can be checked or saved yet: the text
      // is passed on whole, and validateSettings will judge it once it can.
      const text = control.value.trim();
      return text ? [text] : [];
    }
    if (type === "lines") return control.value.split("\n").map((line) => line.trim()).filter(Boolean);
    if (type === "number") {
      const raw = control.value.trim();
      if (raw === "") return control.hasAttribute("data-nullable") ? null : raw;
      const number = Number(raw);
      return Number.isFinite(number) ? number : raw;
    }
    return control.value;
  }

  /** The control an issue's path points at: the longest prefix of the path that names one. */
  #controlFor(path) {
    let current = path ?? "";
    while (current) {
      const control = this.form.elements.namedItem(current);
      if (control) return control instanceof RadioNodeList ? control[0] : control;
      const parent = current.replace(/(\[\d+\]|\.[^.[\]]+)$/, "");
      if (parent === current) break;
      current = parent;
    }
    return null;
  }

  // --- marking fields -----------------------------------------------------------------------

  /** Sets each control's validity and messages from the server's and the core's issues. */
  #markFields() {
    const byControl = new Map();
    const unplaced = [];
    const serverIssues = this.#serverIssues.map((issue) => ({ ...issue, fromServer: true }));
    for (const issue of [...serverIssues, ...(this.#report?.issues ?? [])]) {
      const control = this.#controlFor(issue.path);
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

  #firstInvalidControl() {
    return this.#controls().find((control) => !control.validity.valid);
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
    this.#serverIssues = this.#serverIssues.filter((issue) => this.#controlFor(issue.path) !== control);
    this.validate();
  }

  async #onSubmit(event) {
    event.preventDefault();
    if (this.#conflict) return;
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

  #onClick(event) {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const { rotateConfirm } = this.#parts;
    switch (button.dataset.action) {
      case "rotate-secret":
        rotateConfirm.hidden = false;
        rotateConfirm.querySelector("[data-action=rotate-cancel]").focus();
        break;
      case "rotate-cancel":
        rotateConfirm.hidden = true;
        this.querySelector("[data-action=rotate-secret]")?.focus();
        break;
      case "rotate-confirm":
        this.#rotateSecret();
        break;
      case "conflict-reload":
        this.#resolveConflict("reload");
        break;
      case "conflict-overwrite":
        this.#resolveConflict("overwrite");
        break;
      case "activity-refresh":
        this.loadActivity();
        break;
    }
  }

  async #onSignIn(event) {
    event.preventDefault();
    const { tokenInput, loginError } = this.#parts;
    let response;
    try {
      response = await this.#request("POST", "/session", { token: tokenInput.value });
    } catch (error) {
      loginError.textContent = text(this, "settings.network");
      loginError.hidden = false;
      return;
    }
    if (!response.ok) {
      loginError.textContent = text(this, "settings.signInFailed");
      loginError.hidden = false;
      tokenInput.setAttribute("aria-invalid", "true");
      tokenInput.focus();
      emit(this, "policy-settings-error", { status: response.status, signIn: true });
      return;
    }
    tokenInput.value = "";
    tokenInput.removeAttribute("aria-invalid");
    loginError.hidden = true;
    this.#csrfToken = response.body?.csrfToken ?? null;
    if (this.#baseline) {
      // The session had ended mid-edit: keep the edit, just let the admin save again.
      this.#hideLogin();
      this.#status("settings.signedIn", {}, "ok");
      this.form.querySelector("[type=submit]")?.focus();
    } else {
      await this.load();
      this.#controls()[0]?.focus();
    }
  }

  // --- server conversations -----------------------------------------------------------------

  /** fetch() with the session cookie, the CSRF token and JSON; resolves to { ok, status, headers, body }. */
  async #request(method, path, body, headers = {}) {
    const response = await fetch(`${this.api}${path}`, {
      method,
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        "Accept-Language": localeOf(this),
        ...(body !== undefined && { "Content-Type": "application/json" }),
        ...(method !== "GET" && this.#csrfToken && { "X-CSRF-Token": this.#csrfToken }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const type = response.headers.get("Content-Type") ?? "";
    const parsed = type.includes("json") ? await response.json().catch(() => null) : null;
    return { ok: response.ok, status: response.status, headers: response.headers, body: parsed };
  }

  /** Takes a `{ settings, version }` answer as the new baseline. */
  async #accept(response, { fill }) {
    this.#baseline = response.body.settings;
    this.#version = response.body.version;
    this.#etag = response.headers.get("ETag") ?? `"${response.body.version}"`;
    if (fill) {
      this.#fill(this.#baseline);
      await Promise.all([...this.querySelectorAll("policy-origins")].map((origins) => origins.check?.()));
    }
    await this.validate();
  }

  async #showConflict(mine) {
    const { conflict, conflictHeading, conflictList } = this.#parts;
    let response;
    try {
      response = await this.#request("GET", "/settings");
    } catch {
      this.#status("settings.network", {}, "error");
      return;
    }
    if (!response.ok) return this.#status("settings.loadFailed", { status: response.status }, "error");
    const theirs = response.body.settings;
    this.#conflict = { settings: theirs, version: response.body.version, etag: response.headers.get("ETag") ?? `"${response.body.version}"` };
    const base = flatten(this.#baseline ?? {});
    const mineFlat = flatten(mine);
    const rows = Object.entries(flatten(theirs)).filter(([path, value]) => show(base[path]) !== show(value));
    conflict.querySelector(".policy-settings-conflict-intro").textContent = text(this, rows.length ? "settings.conflictChanges" : "settings.conflictNone");
    conflictList.replaceChildren(
      ...rows.map(([path, value]) => h("li", { "data-path": path }, text(this, "settings.conflictRow", { path, mine: show(mineFlat[path]), theirs: show(value) }))),
    );
    conflict.hidden = false;
    this.#status("settings.conflict", {}, "error");
    conflictHeading.focus();
  }

  async #resolveConflict(choice) {
    const conflict = this.#conflict;
    if (!conflict) return;
    this.#conflict = null;
    this.#parts.conflict.hidden = true;
    if (choice === "reload") {
      this.#baseline = conflict.settings;
      this.#version = conflict.version;
      this.#etag = conflict.etag;
      this.#serverIssues = [];
      this.#fill(conflict.settings);
      await Promise.all([...this.querySelectorAll("policy-origins")].map((origins) => origins.check?.()));
      await this.validate();
      this.#status("settings.reloaded", {}, "ok");
      this.#controls()[0]?.focus();
    } else {
      // Overwrite deliberately: claim their version, keep our values, save again.
      this.#etag = conflict.etag;
      this.#version = conflict.version;
      await this.save();
      this.form.querySelector("[type=submit]")?.focus();
    }
  }

  async #rotateSecret() {
    const { rotateConfirm, rotateResult } = this.#parts;
    rotateConfirm.hidden = true;
    let response;
    try {
      response = await this.#request("POST", "/content-token/secret", {});
    } catch {
      this.#status("settings.network", {}, "error");
      return;
    }
    if (response.status === 401) return this.#showLogin("settings.sessionEnded");
    if (!response.ok) return this.#status("settings.rotateFailed", { status: response.status }, "error");
    const { secret, rotatedAt } = response.body;
    rotateResult.replaceChildren(h("p", {}, text(this, "settings.rotated")), h("code", { class: "policy-settings-secret" }, secret));
    rotateResult.hidden = false;
    rotateResult.focus();
    emit(this, "policy-settings-secret-rotate", { secret, rotatedAt });
    this.loadActivity();
  }

  // --- status and sign-in -------------------------------------------------------------------

  #status(key, params = {}, kind = "info") {
    const { status } = this.#parts;
    status.textContent = text(this, key, params);
    status.dataset.kind = kind;
  }

  #showLogin(key) {
    const { login, loginError, tokenInput } = this.#parts;
    this.form.hidden = true;
    login.hidden = false;
    loginError.hidden = !key;
    loginError.textContent = key ? text(this, key) : "";
    this.#status("settings.signInHeading");
    tokenInput.focus();
  }

  #hideLogin() {
    this.#parts.login.hidden = true;
    this.form.hidden = false;
  }
}

/** The value at a dotted path ("a.b"), or undefined. */
function getPath(object, path) {
  return path.split(".").reduce((value, key) => (value == null ? undefined : value[key]), object);
}

/** Sets the value at a dotted path, making objects on the way. */
function setPath(object, path, value) {
  const keys = path.split(".");
  const last = keys.pop();
  let target = object;
  for (const key of keys) {
    if (target[key] == null || typeof target[key] !== "object") target[key] = {};
    target = target[key];
  }
  target[last] = value;
}

/** { a: { b: 1 } } -> { "a.b": 1 }; arrays are leaves. */
function flatten(object, prefix = "", out = {}) {
  for (const [key, value] of Object.entries(object ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === "object" && !Array.isArray(value)) flatten(value, path, out);
    else out[path] = value;
  }
  return out;
}

/** A value as the admin reads it in a diff or the log. */
function show(value) {
  return value === undefined ? "—" : JSON.stringify(value);
}

function formatTimestamp(at, locale) {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium" }).format(date);
}
