// The loader's failure paths: a module that fails to load rejects init, leaves nothing half
// set up, and a later call with good bytes loads it; under `lazy: true` a password module
// that fails in the background leaves the core working, checkPassword refusing, and can be
// retried. A file of its own: node --test gives each file a fresh process, so nothing is
// loaded when it starts.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import test from "node:test";
import * as pw from "../../pkg/policy_widget.js";

const bytes = (name) => readFileSync(new URL(`../../pkg/${name}`, import.meta.url));
// Eight bytes that are not a WebAssembly module: the magic number is wrong.
const NOT_WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6e, 0x01, 0x00, 0x00, 0x00]);

test("a core module that fails to compile rejects init; a retry with good bytes works", async () => {
  await assert.rejects(pw.default({ module: NOT_WASM, lazy: true }), { name: "CompileError" });
  assert.throws(() => pw.validateOrigins("https://a.com"), "nothing works after a failed init");

  await pw.default({ module: bytes("policy_widget_core_bg.wasm"), password_module: NOT_WASM, lazy: true });
  assert.equal(pw.validateOrigins("https://a.com/").issues[0].code, "origin.trailing_slash");
});

test("under lazy: true a failing password module leaves the core working and can be retried", async () => {
  // The background load started by the previous init used NOT_WASM: awaiting it reports why.
  await assert.rejects(pw.passwordCheckerReady(), { name: "CompileError" });
  assert.equal(pw.isPasswordCheckerReady(), false);
  assert.throws(() => pw.checkPassword("hunter2"), { name: "Error", message: /has not loaded yet/ });
  assert.equal(pw.inspectToken("x.y").ok, false, "the core still answers");

  // The failure was forgotten: the next call may name other bytes, and they load.
  await pw.default({ password_module: bytes("policy_widget_password_bg.wasm"), lazy: true });
  await pw.passwordCheckerReady();
  assert.equal(pw.isPasswordCheckerReady(), true);
  assert.deepEqual(
    pw.checkPassword("hunter2").issues.map((issue) => issue.code).filter((code) => code === "password.too_short"),
    ["password.too_short"],
  );
});

test("options given once a module has loaded do not replace it", async () => {
  // Both modules are loaded: init resolves at once and the bytes named now are never read.
  await pw.default({ module: NOT_WASM, password_module: NOT_WASM });
  assert.equal(pw.checkPassword("violet-harbor-engine-47").ok, true);
  assert.equal(pw.isOriginAllowed("https://a.com", ["https://a.com"]), true);
});
