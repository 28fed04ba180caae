// The sign-in form <policy-settings-form> shows when the server has no session for the
// page: the admin token, POST {api}/session, then the element carries on.

import { describeBy, emit, ensureId, h } from "../dom.js";
import { label as labelParts, text } from "../i18n.js";

/**
 * Builds the (hidden) sign-in form before `form`. `status(key)` writes the element's status
 * line; `onSignedIn()` runs once the server has given a session.
 */
export function signIn(element, form, { api, status, onSignedIn }) {
  const heading = h("h2", { id: ensureId(form, "policy-settings") + "-login-heading" });
  const tokenInput = h("input", { type: "password", name: "token", required: true, autocomplete: "current-password", id: `${form.id}-admin-token` });
  const label = h("label", { for: tokenInput.id });
  const error = h("p", { class: "policy-error", id: `${tokenInput.id}-error`, hidden: true });
  describeBy(tokenInput, error.id);
  const button = h("button", { type: "submit", class: "primary" });
  const login = h(
    "form",
    { class: "policy-settings-login", "data-policy-login": "", hidden: true, "aria-labelledby": heading.id, novalidate: true },
    heading,
    h("p", {}, label, h("br"), tokenInput),
    error,
    button,
  );
  form.before(login);

  const submit = async (event) => {
    event.preventDefault();
    let response;
    try {
      response = await api.request("POST", "/session", { token: tokenInput.value });
    } catch {
      error.textContent = text(element, "settings.network");
      error.hidden = false;
      return;
    }
    if (!response.ok) {
      error.textContent = text(element, "settings.signInFailed");
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
      labelParts(element, [[heading, "settings.signInHeading"], [label, "settings.token"], [button, "settings.signIn"]]);
    },
    /** Hides the settings form and asks for the token; `key`: why (a catalogue key), if anything. */
    show(key) {
      form.hidden = true;
      login.hidden = false;
      error.hidden = !key;
      error.textContent = key ? text(element, key) : "";
      status("settings.signInHeading");
      tokenInput.focus();
    },
    hide() {
      login.hidden = true;
      form.hidden = false;
    },
  };
}
