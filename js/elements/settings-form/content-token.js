// The token card's two conversations with the server, in the page's `[data-token-tools]` box:
// "Issue a test token" (POST {api}/content-token) puts a real content token into the card's
// <policy-token>, and "Verify with the server" (POST {api}/content-token/verify) asks the
// server to check the pasted token with the current secret, which never leaves it.

import { emit, h } from "../dom.js";
import { label, localeOf, text } from "../i18n.js";

/** The reasons the server gives for refusing a token (`reason` of the verify answer). */
const REASONS = ["malformed", "unsupported_alg", "signature_invalid", "missing_exp", "expired", "not_yet_valid"];

/**
 * Adds the two buttons and their result to the `[data-token-tools]` box (if the page has one).
 * `onSessionEnded()` lets the element sign in again.
 */
export function contentTokenTools(element, { api, onSessionEnded }) {
  const issueButton = h("button", { type: "button", "data-action": "issue-token" });
  const verifyButton = h("button", { type: "button", "data-action": "verify-token" });
  const result = h("p", { class: "policy-token-server", role: "status", "aria-live": "polite" });
  const box = element.querySelector("[data-token-tools]");
  box?.append(issueButton, " ", verifyButton, result);

  /** The <policy-token> of the same card, and its textarea. */
  const inspector = () => box?.closest("section, form, policy-settings-form")?.querySelector("policy-token");
  const tokenInput = () => inspector()?.querySelector("textarea");

  const show = (key, params = {}, kind = "info") => {
    result.textContent = text(element, key, params);
    result.dataset.kind = kind;
  };

  const call = async (path, body) => {
    try {
      const response = await api.request("POST", path, body);
      if (response.status === 401) {
        onSessionEnded();
        return null;
      }
      if (!response.ok) {
        show("token.serverFailed", { status: response.status, message: response.body?.message ?? "" }, "error");
        return null;
      }
      return response.body;
    } catch {
      show("settings.network", {}, "error");
      return null;
    }
  };

  const issue = async () => {
    const body = await call("/content-token", {});
    if (!body) return;
    const input = tokenInput();
    if (input) {
      input.value = body.token;
      // The inspector listens for input: it decodes the new token at once.
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    const expires = new Date(body.expiresAt * 1000);
    const at = Number.isNaN(expires.getTime())
      ? String(body.expiresAt)
      : new Intl.DateTimeFormat(localeOf(element), { dateStyle: "medium", timeStyle: "medium" }).format(expires);
    show("token.issued", { at }, "ok");
    emit(element, "policy-settings-token-issue", { token: body.token, expiresAt: body.expiresAt });
  };

  const verify = async () => {
    const token = tokenInput()?.value.trim() ?? "";
    if (!token) {
      show("token.verifyEmpty", {}, "error");
      tokenInput()?.focus();
      return;
    }
    const report = await call("/content-token/verify", { token, locale: localeOf(element) });
    if (!report) return;
    const signature = text(element, `token.signature.${report.signature}`);
    if (report.accepted) {
      show("token.serverAccepts", { signature }, "ok");
    } else {
      const reason = REASONS.includes(report.reason) ? text(element, `token.reason.${report.reason}`) : report.reason ?? "";
      show("token.serverRefuses", { reason, signature }, "error");
    }
    emit(element, "policy-settings-token-verify", { report });
  };

  const onClick = (event) => {
    const action = event.target.closest("button[data-action]")?.dataset.action;
    if (action === "issue-token") issue();
    else if (action === "verify-token") verify();
  };

  return {
    listen(signal) {
      box?.addEventListener("click", onClick, { signal });
    },
    relabel() {
      label(element, [[issueButton, "token.issue"], [verifyButton, "token.verify"]]);
    },
  };
}
