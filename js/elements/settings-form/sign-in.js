// The sign-in form <policy-settings-form> shows when the server has no session for the
// page: email and password, POST {api}/session, then the element carries on.

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
    api.csrfToken = response.body?.csrfToken ?? null;
    await onSignedIn();
  };

  return {
    listen(signal) {
      login.addEventListener("submit", submit, { signal });
    },
    relabel() {
      labelParts(element, [
        [heading, "settings.signInHeading"],
        [emailLabel, "settings.email"],
        [label, "settings.password"],
        [button, "settings.signIn"],
      ]);
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
      form.hidden = false;
    },
  };
}
