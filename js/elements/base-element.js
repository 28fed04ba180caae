// PolicyElement: the base class of the four elements — registration, the connect/disconnect
// life cycle (listeners added with a signal that disconnecting aborts), string overrides,
// the live region, and the guard that lets only the latest check render.

import { emit, liveRegion } from "./dom.js";
import { load } from "./package-loader.js";

/** HTMLElement in a browser, a stand-in in Node (so the modules import there). */
const Host = globalThis.HTMLElement ?? class {};

export class PolicyElement extends Host {
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
  #abort = null;
  #announce = null;

  /** The native control the element wraps (each element says which); without it, it waits. */
  get control() {
    return null;
  }

  connectedCallback() {
    const control = this.control;
    if (!control) return;
    this.#abort = new AbortController();
    this.connect(control, this.#abort.signal);
  }

  disconnectedCallback() {
    this.#abort?.abort();
    this.#announce?.cancel();
    this.disconnect();
  }

  /**
   * Each element's set-up when it connects with its control: builds its parts (once), adds
   * its listeners with `signal` (aborted on disconnect), renders.
   */
  connect(_control, _signal) {}

  /** Each element's tear-down beyond its listeners and announcements (a timer). */
  disconnect() {}

  /** Adds the element's polite live region; `announce` speaks in it from then on. */
  addLiveRegion() {
    ({ announce: this.#announce } = liveRegion(this));
  }

  /** Speaks `message` in the live region (after `delay` ms of quiet). */
  announce(message, options) {
    this.#announce?.(message, options);
  }

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
