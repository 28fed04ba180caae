// checkPassword, passwordRules and defaultSettings through the built npm package, in Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import pw from "./load.mjs";

const codes = (report) => report.issues.map((issue) => issue.code);

test("the default policy accepts a long uncommon passphrase", () => {
  const report = pw.checkPassword("violet-harbor-engine-47");
  assert.equal(report.ok, true);
  assert.deepEqual(report.issues, []);
  assert.ok(report.strength.score >= 3);
  assert.deepEqual(report.rules.map((r) => r.code), ["password.too_short", "password.too_long", "password.common"]);
});

test("every issue has the contract's shape", () => {
  const report = pw.checkPassword("abc", { requireUppercase: true });
  assert.equal(report.ok, false);
  for (const issue of report.issues) {
    assert.equal(typeof issue.code, "string");
    assert.equal(issue.severity, "error");
    assert.equal(typeof issue.message, "string");
    assert.ok(issue.message.length > 0);
  }
  assert.deepEqual(report.issues[0].params, { min: 8, length: 3 });
});

test("length is counted in code points after NFKC, not UTF-16 units", () => {
  assert.equal(pw.checkPassword("😀".repeat(7)).length, 7);
  assert.equal(pw.checkPassword("e\u0301".repeat(8)).length, 8);
  assert.deepEqual(codes(pw.checkPassword("😀".repeat(7))), ["password.too_short"]);
});

test("common passwords are caught in any case or width", () => {
  for (const password of ["password", "Password1", "ｐａｓｓｗｏｒｄ"]) {
    assert.ok(codes(pw.checkPassword(password)).includes("password.common"), password);
  }
});

test("blocked terms and the user's details are found in any case beyond ASCII", () => {
  // The engine lowercases them in WebAssembly (src/password/unicode.rs), the standard
  // library on the server: the same mappings, final sigma included.
  const blocked = pw.checkPassword("MiÁRBOL-Verde-2024", { blockedTerms: ["árbol"] });
  assert.ok(codes(blocked).includes("password.blocked_term"));
  const greek = pw.checkPassword("ΟΔΟΣ-ΣΟΦΟΣ-2024", { blockedTerms: ["σοφος"] });
  assert.ok(codes(greek).includes("password.blocked_term"));
  const details = pw.checkPassword("ZAŻÓŁĆ-gęślą-9", undefined, { userInputs: ["zażółć@example.com"] });
  assert.ok(codes(details).includes("password.contains_user_input"));
});

test("requireSpecial accepts exactly the listed characters", () => {
  const policy = { requireSpecial: true, blockCommon: false };
  for (const ch of "!@#$%^&*()_+-=[]{}|") {
    assert.ok(!codes(pw.checkPassword(`violetharbor${ch}`, policy)).includes("password.missing_special"), ch);
  }
  for (const ch of ".~,?") {
    assert.ok(codes(pw.checkPassword(`violetharbor${ch}`, policy)).includes("password.missing_special"), ch);
  }
});

test("user inputs are split and matched case-insensitively", () => {
  const report = pw.checkPassword("gonzalez2024", {}, { userInputs: ["maria.gonzalez@example.com"] });
  assert.ok(codes(report).includes("password.contains_user_input"));
});

test("messages follow the locale", () => {
  assert.equal(pw.checkPassword("abc", {}, { locale: "es" }).issues[0].message, "Usa al menos 8 caracteres (tiene 3).");
  assert.equal(pw.checkPassword("abc", {}, { locale: "pt-BR" }).issues[0].message, "Use pelo menos 8 caracteres (tem 3).");
});

test("bad options throw TypeErrors; bad passwords never throw", () => {
  assert.throws(() => pw.checkPassword("abc", { minLenght: 12 }), { name: "TypeError", message: /minLenght/ });
  assert.throws(() => pw.checkPassword("abc", {}, { locales: "es" }), TypeError);
  assert.throws(() => pw.checkPassword(42), { name: "TypeError", message: "password must be a string" });
  assert.throws(() => pw.checkPassword("abc", []), TypeError);
  const report = pw.checkPassword("x".repeat(100_000));
  assert.ok(codes(report).includes("password.too_long"));
});

test("the module survives hostile strings", () => {
  // [input, its length as the checker counts it, the codes]: lone surrogates cross into
  // Rust as U+FFFD (one character each), a + U+0301 composes to one character under NFKC,
  // and a code point outside the BMP is one character, not two UTF-16 units.
  const cases = [
    ["", 0, ["password.too_short"]],
    ["\u0000", 1, ["password.too_short"]],
    ["\ud800", 1, ["password.too_short"]],
    ["\udfff\ud800", 2, ["password.too_short"]],
    ["\u{10FFFF}".repeat(500), 500, ["password.too_long"]],
    ["a\u0301".repeat(5000), 5000, ["password.too_long"]],
  ];
  for (const [input, length, expected] of cases) {
    const report = pw.checkPassword(input);
    assert.equal(report.ok, false, JSON.stringify(input.slice(0, 4)));
    assert.equal(report.length, length, JSON.stringify(input.slice(0, 4)));
    assert.deepEqual(codes(report), expected, JSON.stringify(input.slice(0, 4)));
  }
  // Still alive afterwards.
  assert.equal(pw.checkPassword("violet-harbor-engine-47").ok, true);
});

test("passwordRules emits Apple's syntax", () => {
  assert.equal(pw.passwordRules({}), "minlength: 8; maxlength: 128;");
  assert.equal(
    pw.passwordRules({ minLength: 12, requireUppercase: true, requireDigit: true, requireSpecial: true }),
    "minlength: 12; maxlength: 128; required: upper; required: digit; required: [-!@#$%^&*()_+=[{}|]];",
  );
});

test("defaultSettings is the platform's", () => {
  const settings = pw.defaultSettings();
  assert.deepEqual(settings, {
    passwordPolicy: {
      minLength: 8,
      maxLength: 128,
      requireLowercase: false,
      requireUppercase: false,
      requireDigit: false,
      requireSpecial: false,
      minScore: 0,
      maxRepeated: null,
      blockCommon: true,
      blockUserInputs: true,
      blockedTerms: [],
    },
    cors: { enabled: false, allowedOrigins: [] },
    contentToken: { ttlSeconds: 3600 },
    twoFactor: { enforced: false },
  });
});
