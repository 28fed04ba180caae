// The settings object and the form's controls: each control's `name` is a dotted settings
// path ("passwordPolicy.minLength"); values are converted, never judged (validateSettings
// judges them).

/** The value at a dotted path ("a.b"), or undefined. */
export function getPath(object, path) {
  return path.split(".").reduce((value, key) => (value == null ? undefined : value[key]), object);
}

/** Sets the value at a dotted path, making objects on the way. */
export function setPath(object, path, value) {
  const keys = path.split(".");
  const last = keys.pop();
  let target = object;
  for (const key of keys) {
    if (target[key] == null || typeof target[key] !== "object") target[key] = {};
    target = target[key];
  }
  target[last] = value;
}

/** { a: { b: 1 } } -> { "a.b": 1 }; arrays are leaves. */
export function flatten(object, prefix = "", out = {}) {
  for (const [key, value] of Object.entries(object ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === "object" && !Array.isArray(value)) flatten(value, path, out);
    else out[path] = value;
  }
  return out;
}

/** A value as the admin reads it in a diff or the log. */
export function show(value) {
  return value === undefined ? "—" : JSON.stringify(value);
}

/** Writes `settings` into `controls`. */
export function fill(controls, settings) {
  for (const control of controls) {
    const value = getPath(settings, control.name);
    if (value === undefined) continue;
    if (control.type === "checkbox") control.checked = Boolean(value);
    else if (Array.isArray(value)) control.value = value.join("\n");
    else control.value = value == null ? "" : String(value);
  }
}

/**
 * A control's value for the settings object, by its `data-type` ("number", "lines",
 * "origins") and `data-nullable`. A number field holding text is passed on as text.
 */
export function valueOf(control, wasm) {
  const type = control.dataset.type ?? control.type;
  if (control.type === "checkbox") return control.checked;
  if (type === "origins") {
    // The core splits the list: the origins element's last report, else validateOrigins here.
    const report = control.closest("policy-origins")?.report ?? wasm?.validateOrigins(control.value);
    if (report) return report.ok ? report.origins : report.entries.map((entry) => entry.input);
    // Only before the module has loaded, when nothing can be checked or saved yet: the text
    // is passed on whole, and validateSettings will judge it once it can.
    const text = control.value.trim();
    return text ? [text] : [];
  }
  if (type === "lines") return control.value.split("\n").map((line) => line.trim()).filter(Boolean);
  if (type === "number") {
    const raw = control.value.trim();
    if (raw === "") return control.hasAttribute("data-nullable") ? null : raw;
    const number = Number(raw);
    return Number.isFinite(number) ? number : raw;
  }
  return control.value;
}

/** The control of `form` an issue's path points at: the longest prefix of the path that names one. */
export function controlFor(form, path) {
  let current = path ?? "";
  while (current) {
    const control = form.elements.namedItem(current);
    if (control) return control instanceof RadioNodeList ? control[0] : control;
    const parent = current.replace(/(\[\d+\]|\.[^.[\]]+)$/, "");
    if (parent === current) break;
    current = parent;
  }
  return null;
}
