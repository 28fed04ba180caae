// The 409 of a save: what the other admin changed, and the choice between loading their
// version and overwriting it deliberately.

import { h } from "../dom.js";
import { label, text } from "../i18n.js";
import { etagOf } from "./api.js";
import { flatten, show } from "./values.js";

/**
 * Builds the (hidden) conflict box before `actions`. `onReload(theirs)` and
 * `onOverwrite(theirs)` carry out the admin's choice; `pending` is `{ settings, version,
 * etag }` of the other admin's version while the choice is open.
 */
export function conflict(element, actions, { api, status, onReload, onOverwrite }) {
  const heading = h("p", { class: "policy-settings-conflict-heading", tabindex: "-1" });
  const intro = h("p", { class: "policy-settings-conflict-intro" });
  const list = h("ul", {});
  const reload = h("button", { type: "button", "data-action": "conflict-reload" });
  const overwrite = h("button", { type: "button", "data-action": "conflict-overwrite" });
  const box = h("div", { class: "policy-settings-conflict", role: "alert", hidden: true }, heading, intro, list, reload, " ", overwrite);
  actions.before(box);

  const part = {
    pending: null,
    listen(signal) {
      reload.addEventListener("click", () => resolve(onReload), { signal });
      overwrite.addEventListener("click", () => resolve(onOverwrite), { signal });
    },
    relabel() {
      label(element, [[heading, "settings.conflict"], [reload, "settings.reload"], [overwrite, "settings.overwrite"]]);
    },
    /** Loads the other admin's version and lists what differs from `baseline` (with `mine`'s values). */
    async show(mine, baseline) {
      let response;
      try {
        response = await api.request("GET", "/settings");
      } catch {
        status("settings.network", {}, "error");
        return;
      }
      if (!response.ok) return status("settings.loadFailed", { status: response.status }, "error");
      const theirs = response.body.settings;
      part.pending = { settings: theirs, version: response.body.version, etag: etagOf(response) };
      const base = flatten(baseline ?? {});
      const mineFlat = flatten(mine);
      const rows = Object.entries(flatten(theirs)).filter(([path, value]) => show(base[path]) !== show(value));
      intro.textContent = text(element, rows.length ? "settings.conflictChanges" : "settings.conflictNone");
      list.replaceChildren(
        ...rows.map(([path, value]) => h("li", { "data-path": path }, text(element, "settings.conflictRow", { path, mine: show(mineFlat[path]), theirs: show(value) }))),
      );
      box.hidden = false;
      status("settings.conflict", {}, "error");
      heading.focus();
    },
  };

  const resolve = async (choice) => {
    const theirs = part.pending;
    if (!theirs) return;
    part.pending = null;
    box.hidden = true;
    await choice(theirs);
  };
  return part;
}
