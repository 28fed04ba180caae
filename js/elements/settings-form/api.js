// The reference server's API as <policy-settings-form> speaks to it: JSON, the session
// cookie, the CSRF token on every unsafe request, the element's language.

import { localeOf } from "../i18n.js";

/**
 * A client for `element`'s API (its `api` base URL, in its language). Its `csrfToken` (from
 * GET/POST /session) goes as X-CSRF-Token on every unsafe request.
 */
export function settingsApi(element) {
  return {
    csrfToken: null,
    /** fetch() with the session cookie, the CSRF token and JSON; resolves to { ok, status, headers, body }. */
    async request(method, path, body, headers = {}) {
      const response = await fetch(`${element.api}${path}`, {
        method,
        credentials: "same-origin",
        headers: {
          Accept: "application/json",
          "Accept-Language": localeOf(element),
          ...(body !== undefined && { "Content-Type": "application/json" }),
          ...(method !== "GET" && this.csrfToken && { "X-CSRF-Token": this.csrfToken }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const type = response.headers.get("Content-Type") ?? "";
      const parsed = type.includes("json") ? await response.json().catch(() => null) : null;
      return { ok: response.ok, status: response.status, headers: response.headers, body: parsed };
    },
  };
}

/** The version tag of a `{ settings, version }` answer: its ETag, else the version quoted. */
export function etagOf(response) {
  return response.headers.get("ETag") ?? `"${response.body.version}"`;
}
