// The sign-in form <policy-settings-form> shows when the server has no session for the
// page: email and password, POST {api}/session; when the server asks for a second factor,
// the code (enrolling a device first when 2FA is enforced: the server's QR code and key),
// POST {api}/session/totp; then the element carries on.

import { describeBy, emit, ensureId, h } from "../dom.js";
import { label as labelParts, text } from "../i18n.js";

/**
 * Builds the (hidden) sign-in form before `form`. `status(key)` writes the element's status
 * line; `onSignedIn()` runs once the server has given a session.
 */
export function signIn(element, form, { api, status, onSignedIn }) {
  const heading = h("h2", { id: ensureId(form, "policy-settings") + "-login-heading" });
  const emailInput = h("input", { type: "email", name: "email", required: true, autocomplete: "username", id: `${form.id}-email` });
  const emailLabel = h("label", { for: emailInput.id });
  const tokenInput = h("input", { type: "password", name: "password", required: true, autocomplete: "current-password", id: `${form.id}-password` });
  const label = h("label", { for: tokenInput.id });
  const error = h("p", { class: "policy-error", id: `${tokenInput.id}-error`, hidden: true, role: "alert" });
  describeBy(tokenInput, error.id);
  const button = h("button", { type: "submit", class: "primary" });
  const login = h(
    "form",
    { class: "policy-settings-login", "data-policy-login": "", hidden: true, "aria-labelledby": heading.id, novalidate: true },
    heading,
    h("p", {}, emailLabel, h("br"), emailInput),
    h("p", {}, label, h("br"), tokenInput),
    error,
    button,
  );
  form.before(login);

  // The second step: a code from the authenticator app (or a recovery code).
  const codeInput = h("input", { type: "text", name: "code", inputmode: "numeric", autocomplete: "one-time-code", required: true, id: `${form.id}-totp-code` });
  const codeLabel = h("label", { for: codeInput.id });
  const setupText = h("p", { hidden: true });
  const qr = h("div", { class: "policy-totp-qr", hidden: true });
  const key = h("p", { hidden: true }, h("span", {}), " ", h("code", { "data-totp-key": "" }));
  const codeError = h("p", { class: "policy-error", role: "alert", hidden: true });
  const codeButton = h("button", { type: "submit", class: "primary" });
  const recovery = h("div", { hidden: true, "data-recovery-codes": "" }, h("p", {}), h("ul", {}), h("button", { type: "button", class: "primary" }));
  const second = h(
    "form",
    // `data-policy-login` keeps it out of the element's settings form (`form` skips both).
    { class: "policy-settings-login", "data-policy-login": "", "data-policy-totp": "", hidden: true, novalidate: true },
    setupText,
    qr,
    key,
    h("p", {}, codeLabel, h("br"), codeInput),
    codeError,
    codeButton,
  );
  login.after(second, recovery);
  let challenge = null;

  const finish = async (body) => {
    api.csrfToken = body?.csrfToken ?? null;
    second.hidden = true;
    recovery.hidden = true;
    await onSignedIn();
  };

  const askForCode = (body) => {
    challenge = body.challenge;
    login.hidden = true;
    second.hidden = false;
    const setup = body.next === "totp_setup";
    setupText.hidden = !setup;
    qr.hidden = !setup;
    key.hidden = !setup;
    if (setup) {
      // The server draws the QR code (SVG); it is parsed as SVG, never as HTML.
      const svg = new DOMParser().parseFromString(body.qrSvg ?? "", "image/svg+xml").documentElement;
      qr.replaceChildren(...(svg?.nodeName === "svg" ? [document.importNode(svg, true)] : []));
      qr.firstChild?.setAttribute("role", "img");
      qr.firstChild?.setAttribute("aria-label", body.otpauthUri ?? "");
      key.querySelector("code").textContent = body.secret ?? "";
    }
    codeInput.value = "";
    codeError.hidden = true;
    codeInput.focus();
  };

  const submitCode = async (event) => {
    event.preventDefault();
    const value = codeInput.value.trim();
    const body = /^[0-9 ]+$/.test(value) ? { challenge, code: value } : { challenge, recoveryCode: value };
    let response;
    try {
      response = await api.request("POST", "/session/totp", body);
    } catch {
      codeError.textContent = text(element, "settings.network");
      codeError.hidden = false;
      return;
    }
    if (!response.ok) {
      if (response.body?.error === "challenge_expired") {
        second.hidden = true;
        login.hidden = false;
        error.textContent = text(element, "settings.sessionEnded");
        error.hidden = false;
        return;
      }
      codeError.textContent = text(element, "settings.codeFailed");
      codeError.hidden = false;
      codeInput.setAttribute("aria-invalid", "true");
      codeInput.focus();
      return;
    }
    codeInput.removeAttribute("aria-invalid");
    const codes = response.body?.recoveryCodes;
    if (Array.isArray(codes) && codes.length > 0) {
      second.hidden = true;
      recovery.hidden = false;
      recovery.querySelector("ul").replaceChildren(...codes.map((code) => h("li", {}, h("code", {}, code))));
      const button = recovery.querySelector("button");
      button.onclick = () => finish(response.body);
      button.focus();
      return;
    }
    await finish(response.body);
  };

  const submit = async (event) => {
    event.preventDefault();
    let response;
    try {
      response = await api.request("POST", "/session", { email: emailInput.value, password: tokenInput.value });
    } catch {
      error.textContent = text(element, "settings.network");
      error.hidden = false;
      return;
    }
    if (!response.ok) {
      const seconds = response.headers?.get?.("retry-after");
      error.textContent =
        response.status === 429 ? text(element, "settings.throttled", { seconds: seconds ?? "?" }) : text(element, "settings.signInFailed");
      error.hidden = false;
      tokenInput.setAttribute("aria-invalid", "true");
      tokenInput.focus();
      emit(element, "policy-settings-error", { status: response.status, signIn: true });
      return;
    }
    tokenInput.value = "";
    tokenInput.removeAttribute("aria-invalid");
    error.hidden = true;
    if (response.body?.next === "totp" || response.body?.next === "totp_setup") return askForCode(response.body);
    api.csrfToken = response.body?.csrfToken ?? null;
    await onSignedIn();
  };

  return {
    listen(signal) {
      login.addEventListener("submit", submit, { signal });
      second.addEventListener("submit", submitCode, { signal });
    },
    relabel() {
      labelParts(element, [
        [heading, "settings.signInHeading"],
        [emailLabel, "settings.email"],
        [label, "settings.password"],
        [button, "settings.signIn"],
        [codeLabel, "settings.totpCode"],
        [codeButton, "settings.signIn"],
        [setupText, "settings.totpSetup"],
        [key.firstChild, "settings.totpKey"],
        [recovery.firstChild, "settings.recoveryCodes"],
        [recovery.lastChild, "settings.continue"],
      ]);
    },
    /** Hides the settings form and asks for the code of a sign-in another view began (`body`: the server's `{ next, challenge, … }`). */
    continueWith(body) {
      form.hidden = true;
      askForCode(body);
    },
    /** Hides the settings form and asks for email and password; `key`: why (a catalogue key), if anything. */
    show(key) {
      form.hidden = true;
      login.hidden = false;
      error.hidden = !key;
      error.textContent = key ? text(element, key) : "";
      status("settings.signInHeading");
      (emailInput.value ? tokenInput : emailInput).focus();
    },
    hide() {
      login.hidden = true;
      second.hidden = true;
      form.hidden = false;
    },
  };
}
