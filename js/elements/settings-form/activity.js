// The activity log in the page's `[data-activity]` section: GET {api}/activity, newest first.

import { h } from "../dom.js";
import { label, localeOf, text } from "../i18n.js";
import { show } from "./values.js";

/** How many activity entries to show. */
const ACTIVITY_LIMIT = 20;

export function activityLog(element, { api }) {
  const refresh = h("button", { type: "button", "data-action": "activity-refresh" });
  const list = h("ol", { class: "policy-activity-list" });

  const item = (entry, locale) =>
    h(
      "li",
      { "data-event": entry.event },
      text(element, "settings.activityEntry", {
        at: formatTimestamp(entry.at, locale),
        event: entry.event,
        actor: entry.who?.actor ?? "",
        via: entry.who?.via ?? "",
        address: entry.who?.address ?? "",
      }),
      entry.changes?.length
        ? h("ul", {}, ...entry.changes.map((change) => h("li", {}, text(element, "settings.activityChange", { path: change.path, old: show(change.old), new: show(change.new) }))))
        : null,
    );

  const part = {
    listen(signal) {
      refresh.addEventListener("click", () => part.load(), { signal });
    },
    relabel() {
      label(element, [[refresh, "settings.activityRefresh"]]);
    },
    /** Loads the log into the `[data-activity]` section, if the page has one. */
    async load() {
      const section = element.querySelector("[data-activity]");
      if (!section) return;
      if (!list.isConnected) section.append(refresh, list);
      let response;
      try {
        response = await api.request("GET", `/activity?limit=${ACTIVITY_LIMIT}`);
      } catch {
        return;
      }
      if (!response.ok) return;
      const locale = localeOf(element);
      const entries = response.body?.entries ?? [];
      list.replaceChildren(...(entries.length === 0 ? [h("li", {}, text(element, "settings.activityEmpty"))] : entries.map((entry) => item(entry, locale))));
    },
  };
  return part;
}

function formatTimestamp(at, locale) {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium" }).format(date);
}
