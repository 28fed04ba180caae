// Rotating the content-token signing secret: the `data-action="rotate-secret"` button asks
// for a confirmation, POST {api}/content-token/secret, and the new secret is shown once.

import { emit, h } from "../dom.js";
import { label, text } from "../i18n.js";

/**
 * Adds the confirmation and the result to the page's `[data-rotate]` box (if it has one).
 * `onSessionEnded()` and `onRotated()` let the element sign in again and refresh its log.
 */
export function secretRotation(element, { api, status, onSessionEnded, onRotated }) {
  const question = h("p", { class: "policy-warning" });
  const yes = h("button", { type: "button", "data-action": "rotate-confirm" });
  const no = h("button", { type: "button", "data-action": "rotate-cancel" });
  const confirm = h("div", { class: "policy-settings-rotate-confirm", hidden: true }, question, yes, " ", no);
  const result = h("div", { class: "policy-settings-rotated", hidden: true, tabindex: "-1" });
  element.querySelector("[data-rotate]")?.append(confirm, result);

  const rotate = async () => {
    confirm.hidden = true;
    let response;
    try {
      response = await api.request("POST", "/content-token/secret", {});
    } catch {
      status("settings.network", {}, "error");
      return;
    }
    if (response.status === 401) return onSessionEnded();
    if (!response.ok) return status("settings.rotateFailed", { status: response.status }, "error");
    const { secret, rotatedAt } = response.body;
    result.replaceChildren(h("p", {}, text(element, "settings.rotated")), h("code", { class: "policy-settings-secret" }, secret));
    result.hidden = false;
    result.focus();
    emit(element, "policy-settings-secret-rotate", { secret, rotatedAt });
    onRotated();
  };

  const onClick = (event) => {
    const action = event.target.closest("button[data-action]")?.dataset.action;
    if (action === "rotate-secret") {
      confirm.hidden = false;
      no.focus();
    } else if (action === "rotate-cancel") {
      confirm.hidden = true;
      element.querySelector("[data-action=rotate-secret]")?.focus();
    } else if (action === "rotate-confirm") {
      rotate();
    }
  };

  return {
    listen(signal) {
      element.addEventListener("click", onClick, { signal });
    },
    relabel() {
      label(element, [[question, "settings.rotateConfirm"], [yes, "settings.rotateYes"], [no, "settings.rotateNo"]]);
    },
  };
}
