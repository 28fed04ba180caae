// scripts/check-self-contained.mjs finds what a fresh clone would miss, and nothing else.
// The bad references are assembled at run time, so that this file passes the check itself.
import assert from "node:assert/strict";
import { test } from "node:test";
import { outsideReferences } from "../../scripts/check-self-contained.mjs";

const UP = "..";
const SHARED = `${UP}/shared`;
const MACHINE = ["", "work", "main"].join("/");
const TICKET = ["issue", "13"].join(" ");
const DESIGN = ["DESIGN", "md"].join(".");
const MISSING = ["docs/missing", "md"].join(".");

const FILES = new Set([
  "Cargo.toml", "README.md", "docs", "docs/issue-codes.md", "tests", "tests/data", "tests/data/README.md",
  "tests/a.rs", "www", "www/elements", "www/elements/x.js", "policy_widget.js", "server", "server/Cargo.toml",
  "server/src", "server/src/config.rs",
]);
const reasons = (file, text) => outsideReferences(file, text, FILES).map((f) => `${f.line}: ${f.reason}`);

test("a path that climbs out of the checkout is reported with its line", () => {
  assert.deepEqual(reasons("tests/a.rs", `ok\ninclude_str!("${UP}/${SHARED}/x.json")`), [
    `2: \`${UP}/${SHARED}/x.json\` climbs out of the repository`,
  ]);
  assert.deepEqual(reasons("tests/a.rs", `read("${UP}/${UP}/elsewhere/x.json")`), [
    `1: \`${UP}/${UP}/elsewhere/x.json\` climbs out of the repository`,
  ]);
});

test("CARGO_MANIFEST_DIR paths are resolved from the crate's folder", () => {
  const outside = `include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/${UP}/elsewhere/c.json"))`;
  assert.deepEqual(reasons("tests/a.rs", outside), [`1: \`${UP}/elsewhere/c.json\` climbs out of the repository`]);
  const inside = `concat!(env!("CARGO_MANIFEST_DIR"), "/${UP}/target/www")`;
  assert.deepEqual(reasons("server/src/config.rs", inside), []);
});

test("relative imports inside the repository pass", () => {
  assert.deepEqual(reasons("www/elements/x.js", `import "${UP}/${UP}/policy_widget.js";`), []);
});

test("Markdown links must resolve to a file of the repository", () => {
  assert.deepEqual(reasons("README.md", "[codes](docs/issue-codes.md) and [data](tests/data/README.md#x)"), []);
  assert.deepEqual(reasons("README.md", `see [design](${SHARED}/x.md)`), [
    `1: \`${SHARED}\` is beside our checkouts, not in a clone`,
    `1: the link \`${SHARED}/x.md\` climbs out of the repository`,
  ]);
  assert.deepEqual(reasons("README.md", `[gone](${MISSING})`), [
    `1: the link \`${MISSING}\` points at nothing in the repository`,
    `1: \`${MISSING}\` is not a document of the repository`,
  ]);
  assert.deepEqual(reasons("README.md", "[web](https://example.com/a.md)"), []);
});

test("a document named in prose must be one the repository holds", () => {
  assert.deepEqual(reasons("README.md", `as ${DESIGN} says`), [`1: \`${DESIGN}\` is not a document of the repository`]);
  assert.deepEqual(reasons("tests/a.rs", "// see tests/data/README.md and README.md"), []);
});

test("prose may name relative paths of other files, but not the shared folder", () => {
  assert.deepEqual(reasons("README.md", `elements import \`${UP}/policy_widget.js\``), []);
  assert.deepEqual(reasons("README.md", `the data in ${SHARED}/conformance`), [
    `1: \`${SHARED}\` is beside our checkouts, not in a clone`,
  ]);
});

test("machine paths and ticket numbers are reported", () => {
  assert.deepEqual(reasons("tests/a.rs", `// built in ${MACHINE}`), ["1: an absolute path of the machine it was written on"]);
  assert.deepEqual(reasons("tests/a.rs", `// fixed for ${TICKET}`), [`1: \`${TICKET}\` names a ticket a clone does not have`]);
  assert.deepEqual(reasons("tests/a.rs", "// the issues list, issue codes"), []);
});
