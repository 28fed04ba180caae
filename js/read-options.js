// The options objects of the package's JavaScript functions (init, initSync, the elements'
// configure): a plain object whose keys are all known — a misspelt key throws a TypeError,
// as a misspelt key of the core's options does — some under an older name too.

/**
 * `options` with each older name read as its name (`{}` for undefined or null). `names` maps
 * each name to its older spellings: `{ password_module: ["password_module_or_path"] }`.
 * Throws a TypeError naming `where` for a value that is not a plain object, an unknown key,
 * or one option given under two names.
 */
export function readOptions(options, names, where) {
  if (options === undefined || options === null) return {};
  const spellings = Object.entries(names).flatMap(([name, older]) => [name, ...older]);
  const prototype = typeof options === "object" ? Object.getPrototypeOf(options) : undefined;
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError(`${where}: options must be a plain object with ${spellings.join(", ")}`);
  }
  const read = {};
  for (const key of Object.keys(options)) {
    const name = Object.keys(names).find((candidate) => candidate === key || names[candidate].includes(key));
    if (name === undefined) throw new TypeError(`${where}: unknown option ${key}`);
    if (name in read) throw new TypeError(`${where}: ${name} is given twice (${[name, ...names[name]].join(" or ")})`);
    read[name] = options[key];
  }
  return read;
}
