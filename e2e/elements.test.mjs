// The standalone elements' contract in Chromium: each event and its `detail`, each `*-error`
// for a bad attribute, <policy-token>'s validity, and `lang` / `site-is-https` changed live.
// Runs on the package's demo page (served by the real server, under its CSP); each test has a
// server of its own, so no other test's state reaches it.
import { createHmac } from "node:crypto";
import assert from "node:assert/strict";
import { test } from "node:test";
import { newPage, useServerAndBrowser } from "./helpers.mjs";

let server;
let browser;
useServerAndBrowser((started, launched) => {
  [server, browser] = [started, launched];
});

const b64url = (data) => Buffer.from(data).toString("base64url");

/** An HS256 JWT signed by Node's own HMAC, so the element's verdict is checked independently. */
function signedToken(claims, secret) {
  const signingInput = `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${b64url(JSON.stringify(claims))}`;
  return `${signingInput}.${createHmac("sha256", secret).update(signingInput).digest("base64url")}`;
}

/**
 * The demo page with every policy-* event recorded in `window.__events` as plain data
 * (type, the detail's keys, and the parts of it the tests read).
 */
async function demoPage() {
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.__events = [];
    for (const type of [
      "policy-password-change",
      "policy-password-error",
      "policy-origins-change",
      "policy-origins-error",
      "policy-token-change",
      "policy-token-error",
    ]) {
      document.addEventListener(type, (event) => {
        const { report, error } = event.detail;
        window.__events.push({
          type,
          keys: Object.keys(event.detail).sort(),
          ok: report?.ok,
          codes: report?.issues.map((issue) => issue.code),
          messages: report?.issues.map((issue) => issue.message),
          status: report?.status,
          signature: report?.signature,
          error: error ? `${error.name}: ${error.message}` : undefined,
          bubbles: event.bubbles,
          composed: event.composed,
        });
      });
    }
  });
  await page.goto(`${server.url}/demo.html`);
  // Each element checks its (empty) control once when it connects: wait for those first
  // reports, so a test's events are the answers to what it does.
  await page.waitForFunction(() =>
    ["policy-password-change", "policy-origins-change", "policy-token-change"].every((type) =>
      window.__events.some((event) => event.type === type),
    ),
  );
  return page;
}

/** Waits for the first event of `type` recorded after `from` events, and returns it. */
async function nextEvent(page, type, from) {
  const handle = await page.waitForFunction(
    ([type, from]) => window.__events.slice(from).find((event) => event.type === type),
    [type, from],
  );
  return handle.jsonValue();
}

const eventCount = (page) => page.evaluate(() => window.__events.length);

test("<policy-origins>: change events carry the report; site-is-https and lang apply live", async () => {
  const page = await demoPage();
  const textarea = page.getByLabel("Origins", { exact: true });

  let from = await eventCount(page);
  await textarea.fill("https://app.example.com/");
  let event = await nextEvent(page, "policy-origins-change", from);
  assert.deepEqual(event.keys, ["report"]);
  assert.equal(event.bubbles && event.composed, true);
  assert.equal(event.ok, false);
  assert.deepEqual(event.codes, ["origin.trailing_slash"]);
  assert.equal(await textarea.evaluate((t) => t.validity.valid), false);

  // site-is-https is set on the demo: a plain-http origin is flagged, and stops being
  // flagged the moment the attribute goes.
  from = await eventCount(page);
  await textarea.fill("http://app.example.com");
  event = await nextEvent(page, "policy-origins-change", from);
  assert.ok(event.codes.includes("origin.insecure_scheme"), event.codes.join());
  from = await eventCount(page);
  await page.locator("policy-origins").evaluate((element) => element.removeAttribute("site-is-https"));
  event = await nextEvent(page, "policy-origins-change", from);
  assert.deepEqual(event.codes, []);
  assert.equal(event.ok, true);

  // lang on the element: the same issue, now in Spanish, without typing.
  await textarea.fill("https://app.example.com/");
  await nextEvent(page, "policy-origins-change", from + 1);
  from = await eventCount(page);
  await page.locator("policy-origins").evaluate((element) => element.setAttribute("lang", "es"));
  event = await nextEvent(page, "policy-origins-change", from);
  assert.deepEqual(event.codes, ["origin.trailing_slash"]);
  assert.match(event.messages[0], /^Quita la barra del final/);
  assert.match(await page.locator("policy-origins").textContent(), /Quita la barra del final/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("<policy-password>: change events, a bad policy attribute gives policy-password-error and keeps the last view", async () => {
  const page = await demoPage();
  const input = page.getByLabel("Password", { exact: true });

  let from = await eventCount(page);
  await input.fill("short");
  let event = await nextEvent(page, "policy-password-change", from);
  assert.deepEqual(event.keys, ["report"]);
  assert.equal(event.ok, false);
  assert.ok(event.codes.includes("password.too_short"), event.codes.join());

  from = await eventCount(page);
  await page.locator("policy-password").evaluate((element) => element.setAttribute("policy", "{minLength: 12"));
  event = await nextEvent(page, "policy-password-error", from);
  assert.deepEqual(event.keys, ["error"]);
  assert.match(event.error, /^SyntaxError: /);

  // A policy that is JSON but not a policy: the TypeError names the field.
  from = await eventCount(page);
  await page.locator("policy-password").evaluate((element) => element.setAttribute("policy", '{"minLenght": 12}'));
  event = await nextEvent(page, "policy-password-error", from);
  assert.match(event.error, /^TypeError: .*minLenght/);
  // The view still shows the last good check.
  assert.equal(await page.locator('policy-password li[data-code="password.too_short"]').getAttribute("data-met"), "false");
  await page.context().close();
});

test("<policy-token>: validity follows the verdict; a bad attribute gives policy-token-error", async () => {
  const page = await demoPage();
  const textarea = page.getByLabel("JWT", { exact: true });
  const secret = page.getByLabel("Secret", { exact: true });
  const now = Math.floor(Date.now() / 1000);
  const good = signedToken({ sub: "alice", iat: now, exp: now + 3600 }, "a-secret-of-32-bytes-or-more-0123");

  let from = await eventCount(page);
  await secret.fill("a-secret-of-32-bytes-or-more-0123");
  await textarea.fill(good);
  await nextEvent(page, "policy-token-change", from);
  await page.waitForFunction(() => window.__events.some((e) => e.type === "policy-token-change" && e.signature === "verified"));
  let event = (await page.evaluate(() => window.__events.filter((e) => e.type === "policy-token-change"))).at(-1);
  assert.deepEqual(event.keys, ["report"]);
  assert.equal(event.ok, true);
  assert.equal(event.status, "valid");
  assert.equal(event.signature, "verified");
  assert.equal(await textarea.evaluate((t) => t.validity.valid), true);
  assert.equal(await textarea.getAttribute("aria-invalid"), "false");

  // The wrong secret: the signature fails, and the field says so to the form.
  from = await eventCount(page);
  await secret.fill("another-secret-of-32-bytes-or-more");
  event = await nextEvent(page, "policy-token-change", from);
  assert.equal(event.signature, "invalid");
  assert.equal(event.ok, false);
  assert.equal(await textarea.evaluate((t) => t.validity.valid), false);
  assert.equal(await textarea.getAttribute("aria-invalid"), "true");
  assert.notEqual(await textarea.evaluate((t) => t.validationMessage), "");

  from = await eventCount(page);
  await page.locator("policy-token").evaluate((element) => element.setAttribute("leeway-seconds", "soon"));
  event = await nextEvent(page, "policy-token-error", from);
  assert.deepEqual(event.keys, ["error"]);
  assert.match(event.error, /^TypeError: .*leewaySeconds/);
  await page.context().close();
});
