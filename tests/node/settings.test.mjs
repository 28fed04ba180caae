// validateSettings through the built package, in Node: never throws for an object.
import { test } from "node:test";
import assert from "node:assert/strict";
import pw from "./load.mjs";

const at = (report, path) => report.issues.filter((issue) => issue.path === path).map((issue) => issue.code);

test("the defaults validate", () => {
  const report = pw.validateSettings(pw.defaultSettings());
  assert.equal(report.ok, true);
  assert.deepEqual(report.settings, pw.defaultSettings());
});

test("every problem lands at its path", () => {
  const settings = pw.defaultSettings();
  settings.passwordPolicy.minLength = 4;
  settings.cors.allowedOrigins = ["https://a.com", "https://b.com/"];
  settings.contentToken.ttlSeconds = 0;
  const report = pw.validateSettings(settings);
  assert.equal(report.ok, false);
  assert.deepEqual(at(report, "passwordPolicy.minLength"), ["policy.min_length_out_of_range"]);
  assert.ok(at(report, "cors.allowedOrigins[1]").includes("origin.trailing_slash"));
  assert.deepEqual(at(report, "contentToken.ttlSeconds"), ["ttl.out_of_range"]);
});

test("wrong types and unknown fields are issues, not exceptions", () => {
  const settings = pw.defaultSettings();
  settings.contentToken.ttlSeconds = "3600";
  settings.twoFactor.enforce = true;
  const report = pw.validateSettings(settings);
  assert.ok(at(report, "contentToken.ttlSeconds").includes("settings.invalid"));
  assert.ok(report.issues.some((issue) => issue.code === "settings.invalid" && issue.path.startsWith("twoFactor")));
  for (const value of [null, undefined, 42, "x", [], {}]) {
    const result = pw.validateSettings(value);
    assert.equal(result.ok, false);
    assert.ok(result.issues.every((issue) => issue.code === "settings.invalid"));
  }
});

test("short TTLs warn and composition rules inform", () => {
  const settings = pw.defaultSettings();
  settings.contentToken.ttlSeconds = 60;
  settings.passwordPolicy.requireUppercase = true;
  const report = pw.validateSettings(settings, { locale: "pt" });
  assert.equal(report.ok, true);
  const codes = report.issues.map((issue) => `${issue.severity}:${issue.code}`);
  assert.ok(codes.includes("warning:ttl.short"));
  assert.ok(codes.includes("info:policy.composition_rules"));
});

test("values JSON cannot hold throw a TypeError instead of trapping", () => {
  const cyclic = pw.defaultSettings();
  cyclic.cors.self = cyclic;
  assert.throws(() => pw.validateSettings(cyclic), TypeError);
  assert.throws(() => pw.validateSettings({ n: 10n }), TypeError);
  let deep = {};
  for (let i = 0; i < 100_000; i++) deep = { deep };
  assert.throws(() => pw.validateSettings(deep), TypeError);
  const policy = { blockedTerms: [] };
  policy.blockedTerms.push(policy);
  assert.throws(() => pw.checkPassword("x", policy), TypeError);
  // The module is still alive.
  assert.equal(pw.validateSettings(pw.defaultSettings()).ok, true);
});

test("nesting is limited where serde_json limits it on the server: 127 levels", () => {
  const nest = (levels) => {
    let value = 1;
    for (let i = 0; i < levels; i++) value = [value];
    return value;
  };
  assert.equal(pw.validateSettings(nest(127)).ok, false);
  assert.throws(() => pw.validateSettings(nest(128)), { name: "TypeError", message: "settings: recursion limit exceeded" });
  assert.throws(() => pw.checkPassword("x", { blockedTerms: nest(127) }), {
    name: "TypeError",
    message: "policy: recursion limit exceeded",
  });
});

test("numbers are typed as serde_json types the text JSON.stringify writes for them", () => {
  const refused = (minLength) => {
    try {
      pw.checkPassword("x", { minLength });
    } catch (error) {
      return error.message.replace(/^.* not /, "");
    }
    return "accepted";
  };
  // Integers up to 2^53 are exact; beyond, the digits JavaScript writes (shortest, padded
  // with zeros) are the integer serde_json reads; past the 64-bit range, a double, written
  // as JavaScript writes it.
  assert.equal(refused(2 ** 53 + 2), "9007199254740994");
  assert.equal(refused(2 ** 64 - 2048), "18446744073709550000");
  assert.equal(refused(2 ** 64), "18446744073709552000");
  assert.equal(refused(-(2 ** 62)), "-4611686018427388000");
  assert.equal(refused(1.5), "1.5");
  assert.equal(refused(1e21), "1e+21");
  assert.equal(refused(5e-324), "5e-324");
  assert.equal(refused(-0), "accepted");
  assert.equal(refused(12), "accepted");
  // Fractions in a report come back as the same doubles.
  const report = pw.checkPassword("correct horse battery staple");
  assert.equal(typeof report.strength.guessesLog10, "number");
  assert.ok(Number.isFinite(report.strength.guessesLog10) && !Number.isInteger(report.strength.guessesLog10));
});

test("lone surrogates inside options become U+FFFD instead of throwing", () => {
  // A user input cut in the middle of an emoji, as a UTF-16 maxlength can leave it.
  const cut = "maria😀".slice(0, 6);
  const report = pw.checkPassword("violet-harbor-engine-47", {}, { userInputs: [cut, "\udc00x"] });
  assert.equal(report.ok, true);
  const settings = pw.defaultSettings();
  settings.passwordPolicy.blockedTerms = ["acme\ud800", "\\ud800 is text, not an escape"];
  settings.cors.allowedOrigins = ["https://a.com\udfff"];
  const result = pw.validateSettings(settings);
  assert.deepEqual(result.settings.passwordPolicy.blockedTerms, ["acme\ufffd", "\\ud800 is text, not an escape"]);
  assert.ok(result.issues.some((issue) => issue.path === "cors.allowedOrigins[0]"));
});
