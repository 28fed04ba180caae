// validateOrigins and isOriginAllowed through the built package, in Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import pw from "./load.mjs";

const codes = (report) => report.issues.map((issue) => issue.code);

test("the platform's example list is accepted and normalised", () => {
  const report = pw.validateOrigins("https://api.mydomain.com, https://mydomain.com");
  assert.equal(report.ok, true);
  assert.deepEqual(report.origins, ["https://api.mydomain.com", "https://mydomain.com"]);
  assert.equal(report.normalized, "https://api.mydomain.com, https://mydomain.com");
  assert.equal(report.entries.length, 2);
});

test("a trailing slash is an error whose entry offers the fix", () => {
  const report = pw.validateOrigins("https://a.com/");
  assert.equal(report.ok, false);
  assert.ok(codes(report).includes("origin.trailing_slash"));
  assert.equal(report.entries[0].origin, "https://a.com");
});

test("spans are UTF-16 offsets, also after emoji", () => {
  const text = "😀,  https://münchen.de/ ,http://[0:0::1]";
  const report = pw.validateOrigins(text);
  for (const entry of report.entries) {
    assert.equal(text.slice(entry.span[0], entry.span[1]), entry.input);
    for (const issue of entry.issues) {
      if (issue.span) assert.ok(issue.span[0] >= entry.span[0] && issue.span[1] <= entry.span[1]);
    }
  }
  const munich = report.entries.find((entry) => entry.input.startsWith("https://münchen"));
  assert.equal(munich.origin, "https://xn--mnchen-3ya.de");
  assert.ok(report.origins.includes("http://[::1]"));
});

test("wildcards, null and missing schemes are errors", () => {
  assert.ok(codes(pw.validateOrigins("https://*.x.com")).includes("origin.wildcard"));
  assert.ok(codes(pw.validateOrigins("*")).includes("origin.wildcard"));
  assert.ok(codes(pw.validateOrigins("null")).includes("origin.null"));
  assert.ok(codes(pw.validateOrigins("localhost:3000")).includes("origin.missing_scheme"));
});

test("messages follow the locale and options reject unknown keys", () => {
  const english = pw.validateOrigins("https://a.com/").issues[0].message;
  const spanish = pw.validateOrigins("https://a.com/", { locale: "es" }).issues[0].message;
  assert.notEqual(english, spanish);
  assert.throws(() => pw.validateOrigins("x", { siteIsHTTPS: true }), TypeError);
  assert.throws(() => pw.validateOrigins(null), TypeError);
});

test("isOriginAllowed is exact after normalisation", () => {
  const allowed = ["https://example.com"];
  assert.equal(pw.isOriginAllowed("https://example.com", allowed), true);
  assert.equal(pw.isOriginAllowed("HTTPS://EXAMPLE.COM:443", allowed), true);
  assert.equal(pw.isOriginAllowed("https://evilexample.com", allowed), false);
  assert.equal(pw.isOriginAllowed("https://example.com.evil.net", allowed), false);
  assert.equal(pw.isOriginAllowed("null", ["null"]), false);
  assert.throws(() => pw.isOriginAllowed("https://example.com", "https://example.com"), TypeError);
});
