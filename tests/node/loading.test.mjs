// The package's two modules: the core works on its own, checkPassword says clearly when the
// password module has not loaded, and both init functions reject unknown options. A file of
// its own: node --test runs each file in a fresh process, so nothing here is loaded yet.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import test from "node:test";
import * as pw from "../../pkg/policy_widget.js";

const bytes = (name) => readFileSync(new URL(`../../pkg/${name}`, import.meta.url));

test("initSync rejects unknown options and a missing core module", () => {
  assert.throws(() => pw.initSync({ module: bytes("policy_widget_core_bg.wasm"), passwordModule: 1 }), {
    name: "TypeError",
    message: /unknown option passwordModule/,
  });
  assert.throws(() => pw.initSync({}), { name: "TypeError", message: /module .* is required/ });
  assert.throws(() => pw.initSync(bytes("policy_widget_core_bg.wasm")), { name: "TypeError" });
});

test("the core module works alone; checkPassword waits for the password module", async () => {
  pw.initSync({ module: bytes("policy_widget_core_bg.wasm") });
  assert.equal(pw.validateOrigins("https://a.com/").issues[0].code, "origin.trailing_slash");
  assert.equal(pw.inspectToken("x.y").ok, false);
  assert.equal(pw.validateSettings(pw.defaultSettings()).ok, true);
  assert.match(pw.passwordRules({ minLength: 12 }), /minlength: 12;/);
  assert.equal(pw.isPasswordCheckerReady(), false);
  assert.throws(() => pw.checkPassword("hunter2"), { name: "Error", message: /has not loaded yet/ });

  await assert.rejects(pw.default({ lazy: "yes" }), { name: "TypeError", message: /lazy must be a boolean/ });
  await assert.rejects(pw.default({ modulePath: "x" }), { name: "TypeError", message: /unknown option modulePath/ });

  // The password module from its bytes, after the core: init({ lazy: true }) then wait.
  await pw.default({ password_module_or_path: bytes("policy_widget_password_bg.wasm"), lazy: true });
  await pw.passwordCheckerReady();
  assert.equal(pw.isPasswordCheckerReady(), true);
  const report = pw.checkPassword("hunter2");
  assert.equal(report.ok, false);
  assert.ok(report.issues.some((issue) => issue.code === "password.too_short"));
  assert.ok(report.strength.score <= 1, `hunter2 scored ${report.strength.score}`);
});
