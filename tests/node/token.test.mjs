// inspectToken through the built package, in Node, with jwt-decode's and jose's vectors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import pw from "./load.mjs";

const codes = (report) => report.issues.map((issue) => issue.code);
const b64url = (value) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
const NOW_MS = 1_700_000_000_000;

function sign(claims, secret, alg = "HS256") {
  const input = `${b64url({ alg, typ: "JWT" })}.${b64url(claims)}`;
  const hash = { HS256: "sha256", HS384: "sha384", HS512: "sha512" }[alg];
  return `${input}.${createHmac(hash, secret).update(input).digest("base64url")}`;
}

const JWT_DECODE =
  "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJmb28iOiJiYXIiLCJleHAiOjEzOTMyODY4OTMsImlhdCI6MTM5MzI2ODg5M30.4-iaDojEVl0pJQMjrbM1EzUIfAZgsbK_kgnVyVxFSVo";

test("jwt-decode's token decodes, verifies and is expired", () => {
  const report = pw.inspectToken(JWT_DECODE, { secret: "secret", now: NOW_MS });
  assert.deepEqual(report.header, { typ: "JWT", alg: "HS256" });
  assert.deepEqual(report.claims, { foo: "bar", exp: 1393286893, iat: 1393268893 });
  assert.equal(report.signature, "verified");
  assert.equal(report.status, "expired");
  assert.equal(report.expiresAt, 1393286893);
  assert.equal(report.lifetimeSeconds, 18000);
  assert.ok(codes(report).includes("token.expired"));
  assert.ok(codes(report).includes("token.weak_secret"));
});

test("exp equal to now is expired (on or after), one second later is valid", () => {
  const at = (exp, leewaySeconds = 0) => pw.inspectToken(sign({ exp }, "k"), { now: NOW_MS, leewaySeconds }).status;
  assert.equal(at(1_700_000_000), "expired");
  assert.equal(at(1_700_000_001), "valid");
  assert.equal(at(1_700_000_000, 1), "valid");
  assert.equal(at(1_700_000_000.5), "valid");
});

test("now defaults to Date.now()", () => {
  const exp = Math.floor(Date.now() / 1000) + 600;
  const report = pw.inspectToken(sign({ exp }, "k"));
  assert.equal(report.status, "valid");
  assert.ok(report.secondsRemaining > 590 && report.secondsRemaining <= 600);
});

test("HS384 and HS512 verify; a tampered payload does not", () => {
  const secret = "x".repeat(64);
  for (const alg of ["HS384", "HS512"]) {
    const token = sign({ sub: "a", exp: 1_800_000_000 }, secret, alg);
    assert.equal(pw.inspectToken(token, { secret, now: NOW_MS }).signature, "verified", alg);
    const [h, , s] = token.split(".");
    const tampered = `${h}.${b64url({ sub: "admin", exp: 1_800_000_000 })}.${s}`;
    const report = pw.inspectToken(tampered, { secret, now: NOW_MS });
    assert.equal(report.signature, "invalid");
    assert.ok(codes(report).includes("token.signature_invalid"));
  }
});

test("alg none is an error and malformed tokens never throw", () => {
  assert.ok(codes(pw.inspectToken("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")).includes("token.alg_none"));
  for (const token of ["", "fubar", "FAKE.TOKEN", "a.b.c.d", "x".repeat(70_000)]) {
    const report = pw.inspectToken(token);
    assert.equal(report.ok, false, token.slice(0, 20));
    assert.equal(report.status, "malformed");
  }
});

test("a Bearer prefix is stripped with an info", () => {
  const report = pw.inspectToken(`Bearer ${sign({ exp: 1_800_000_000 }, "k")}`, { now: NOW_MS });
  assert.ok(codes(report).includes("token.bearer_prefix"));
  assert.equal(report.status, "valid");
});

test("bad options throw TypeErrors", () => {
  assert.throws(() => pw.inspectToken("x", { leewaySecond: 5 }), TypeError);
  assert.throws(() => pw.inspectToken("x", { secretEncoding: "rot13" }), TypeError);
  assert.throws(() => pw.inspectToken(7), TypeError);
});

test("claims beyond 2^53 read as JSON.parse reads them instead of throwing", () => {
  const token = `${b64url({ alg: "HS256" })}.${b64url('{"id":1393213032632688893,"exp":1800000000}')}.${b64url("sig")}`;
  const report = pw.inspectToken(token, { now: NOW_MS });
  assert.equal(report.claims.id, JSON.parse('{"id":1393213032632688893}').id);
  assert.equal(report.status, "valid");
});
