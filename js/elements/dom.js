// DOM helpers the elements share: ids, aria-describedby, element creation, the polite live
// region, events.

let counter = 0;

/** A page-unique id with a readable prefix. */
export function uniqueId(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** The element's id, after giving it one if it had none. */
export function ensureId(element, prefix) {
  if (!element.id) element.id = uniqueId(prefix);
  return element.id;
}

/** Adds `ids` to `control`'s aria-describedby, keeping the ids the page already put there. */
export function describeBy(control, ...ids) {
  const current = (control.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
  for (const id of ids) if (!current.includes(id)) current.push(id);
  control.setAttribute("aria-describedby", current.join(" "));
}

/** Creates an element with attributes and children (strings become text nodes). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value == null) continue;
    if (name === "class") element.className = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children.flat().filter((child) => child != null));
  return element;
}

/**
 * A visually hidden polite live region, and a function that announces a message in it.
 * `announce(text, { delay })` waits `delay` ms of quiet first, so typing does not chatter;
 * the same text twice is re-announced by clearing the region first.
 */
export function liveRegion(host) {
  const region = h("div", { class: "policy-visually-hidden", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  host.append(region);
  let timer = null;
  const announce = (message, { delay = 0 } = {}) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      region.textContent = "";
      // A fresh text node in the next frame is what screen readers reliably pick up.
      requestAnimationFrame(() => {
        region.textContent = message;
      });
    }, delay);
  };
  announce.cancel = () => clearTimeout(timer);
  return { region, announce };
}

/** Dispatches a bubbling, composed CustomEvent; returns false when a listener cancelled it. */
export function emit(target, type, detail, { cancelable = false } = {}) {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
}

/** The first issue of severity "error", or undefined. */
export function firstError(report) {
  return report.issues.find((issue) => issue.severity === "error");
}
