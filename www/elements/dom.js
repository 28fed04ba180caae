// What the elements share: their base class, ids, aria-describedby, the polite live region.

import { load } from "./wasm.js";

/** HTMLElement in a browser, a stand-in in Node (so the modules import there). */
const Host = globalThis.HTMLElement ?? class {};

/** The base class of every element: registration, string overrides, the latest-check guard. */
export class Base extends Host {
  /** The tag `define()` registers by default; each element sets its own. */
  static defaultTag = "";

  /** Registers the element under `tag` (once) and returns the class. */
  static define(tag = this.defaultTag, registry = customElements) {
    if (!registry.get(tag)) registry.define(tag, this);
    return this;
  }

  /** Per-instance overrides of the UI strings (see i18n.js for the keys). */
  strings = {};

  #generation = 0;

  /**
   * The WebAssembly module for a new check, or null when this check should not render:
   * loading failed (`errorEvent` is dispatched with the error) or a later keystroke started
   * a newer check while this one waited (that one renders instead). `loader` is `load`
   * (the core) or `loadPasswordChecker`.
   */
  async moduleForLatestCheck(errorEvent, loader = load) {
    const generation = ++this.#generation;
    let wasm;
    try {
      wasm = await loader();
    } catch (error) {
      emit(this, errorEvent, { error });
      return null;
    }
    return generation === this.#generation ? wasm : null;
  }
}

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
