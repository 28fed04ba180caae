// <policy-settings-form>'s events and their `detail`, in Chromium on the admin page against
// the real server: `policy-settings-load`, `-save`, `-invalid`, `-error` (a failed sign-in, a
// 422, a 409, a network failure, a session that ended) and `-secret-rotate`. Each detail is
// compared with what the server holds, fetched independently with the admin token. Each test
// has a server of its own.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  newPage,
  saveSettingsAsAnotherAdmin,
  screenshot,
  scriptErrors,
  serverSettings,
  signIn,
  tamperWithSettingsPuts,
  useServerAndBrowser,
} from "./helpers.mjs";

let server;
let browser;
useServerAndBrowser((started, launched) => {
  [server, browser] = [started, launched];
});

/**
 * A page that records every `policy-settings-*` event in `window.__events` as plain data:
 * the detail's own keys, sorted, and the detail with its controls as their names and an error
 * as its name (neither crosses to the test as it is).
 */
async function recordingPage() {
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.__events = [];
    const types = ["load", "save", "invalid", "error", "secret-rotate", "change"].map((name) => `policy-settings-${name}`);
    for (const type of types) {
      document.addEventListener(type, (event) => {
        const detail = event.detail ?? {};
        const plain = JSON.parse(
          JSON.stringify(detail, (key, value) => {
            if (value instanceof Error) return { name: value.name };
            if (key === "controls") return value.map((control) => control.name);
            return value;
          }),
        );
        window.__events.push({ type, keys: Object.keys(detail).sort(), detail: plain });
      });
    }
  });
  return page;
}

/** The recorded events of `type` (`policy-settings-` left out), in order. */
async function events(page, type) {
  const all = await page.evaluate(() => window.__events);
  return all.filter((event) => event.type === `policy-settings-${type}`);
}

/** Waits until `count` events of `type` have been recorded, and returns them. */
async function eventsOnceThere(page, type, count = 1) {
  await page.waitForFunction(
    ([name, wanted]) => window.__events.filter((event) => event.type === name).length >= wanted,
    [`policy-settings-${type}`, count],
  );
  return events(page, type);
}

/** Runs `body` on a recording page and, unless it threw, asserts no script error happened. */
async function withPage(name, body) {
  const page = await recordingPage();
  try {
    await body(page);
    await screenshot(page, name);
    assert.deepEqual(scriptErrors(page, [401, 409, 422]), [], "no script errors");
  } catch (error) {
    await screenshot(page, `${name}-failure`).catch(() => {});
    throw error;
  } finally {
    await page.context().close();
  }
}

test("policy-settings-load and -save carry the settings and the version the server holds", async () => {
  await withPage("40-events-load-save", async (page) => {
    await signIn(page, server);
    const [loaded] = await eventsOnceThere(page, "load");
    const before = await serverSettings(server);
    assert.deepEqual(loaded.keys, ["settings", "version"]);
    assert.deepEqual(loaded.detail, { settings: before.settings, version: before.version });

    await page.getByLabel("Minimum length").fill("14");
    await page.getByRole("button", { name: "Save settings" }).click();
    const [saved] = await eventsOnceThere(page, "save");
    const after = await serverSettings(server);
    assert.equal(after.settings.passwordPolicy.minLength, 14);
    assert.ok(after.version > before.version, `${after.version} after ${before.version}`);
    assert.deepEqual(saved.keys, ["settings", "version"]);
    assert.deepEqual(saved.detail, { settings: after.settings, version: after.version });
    assert.deepEqual(await events(page, "error"), [], "no error on the way");
    assert.equal((await events(page, "load")).length, 1, "a save is not a load");
  });
});

test("policy-settings-invalid names the report and the controls that stop a save, and nothing is sent", async () => {
  await withPage("41-events-invalid", async (page) => {
    await signIn(page, server);
    const puts = [];
    page.on("request", (request) => {
      if (request.method() === "PUT") puts.push(request.url());
    });
    await page.getByLabel("Token lifetime (seconds)").fill("0");
    await page.getByRole("button", { name: "Save settings" }).click();
    const [invalid] = await eventsOnceThere(page, "invalid");
    assert.deepEqual(invalid.keys, ["controls", "report"]);
    assert.deepEqual(invalid.detail.controls, ["contentToken.ttlSeconds"]);
    assert.equal(invalid.detail.report.ok, false);
    const errors = invalid.detail.report.issues.filter((issue) => issue.severity === "error");
    assert.deepEqual(
      errors.map((issue) => [issue.code, issue.path]),
      [["ttl.out_of_range", "contentToken.ttlSeconds"]],
    );
    assert.deepEqual(puts, [], "nothing was sent");
    assert.deepEqual(await events(page, "save"), []);
    assert.deepEqual(await events(page, "error"), []);
  });
});

test("policy-settings-error for a wrong password at sign-in: the status, marked as the sign-in's", async () => {
  await withPage("42-events-sign-in-error", async (page) => {
    await page.goto(`${server.url}/`);
    await page.getByLabel("Email").fill(server.email);
    await page.getByLabel("Password", { exact: true }).fill("not-the-password-at-all");
    await page.getByRole("button", { name: "Sign in" }).click();
    const [failed] = await eventsOnceThere(page, "error");
    assert.deepEqual(failed, { type: "policy-settings-error", keys: ["signIn", "status"], detail: { signIn: true, status: 401 } });
    assert.deepEqual(await events(page, "load"), [], "nothing loaded without a session");
  });
});

test("policy-settings-error for a 422 carries the server's issues, as the field shows them", async () => {
  await withPage("43-events-422", async (page) => {
    await signIn(page, server);
    // Only a tampered request reaches the server invalid (the page checks with the same core).
    await tamperWithSettingsPuts(page, (settings) => {
      settings.passwordPolicy.minLength = 3;
    });
    await page.getByRole("button", { name: "Save settings" }).click();
    const [refused] = await eventsOnceThere(page, "error");
    assert.deepEqual(refused.keys, ["issues", "status"]);
    assert.equal(refused.detail.status, 422);
    const errors = refused.detail.issues.filter((issue) => issue.severity === "error");
    assert.deepEqual(
      errors.map((issue) => [issue.code, issue.path]),
      [["policy.min_length_out_of_range", "passwordPolicy.minLength"]],
    );
    const shown = await page.locator("#min-length-error").textContent();
    assert.equal(shown, errors[0].message, "the detail's message is the one on the field");
    assert.equal((await serverSettings(server)).settings.passwordPolicy.minLength, 8, "nothing was stored");
    assert.deepEqual(await events(page, "save"), []);
  });
});

test("policy-settings-error for a 409 carries the other admin's settings, version and ETag", async () => {
  await withPage("44-events-409", async (page) => {
    await signIn(page, server);
    await page.getByLabel("Token lifetime (seconds)").fill("1800");
    const theirs = await saveSettingsAsAnotherAdmin(server, (settings) => {
      settings.passwordPolicy.maxLength = 100;
    });
    await page.getByRole("button", { name: "Save settings" }).click();
    const [conflict] = await eventsOnceThere(page, "error");
    assert.deepEqual(conflict.keys, ["conflict", "status"]);
    assert.equal(conflict.detail.status, 409);
    assert.deepEqual(conflict.detail.conflict, { settings: theirs.settings, version: theirs.version, etag: theirs.etag });
    assert.equal(conflict.detail.conflict.settings.passwordPolicy.maxLength, 100);
    assert.equal(await page.getByLabel("Token lifetime (seconds)").inputValue(), "1800", "the edit is kept");
    assert.deepEqual(await events(page, "save"), []);
  });
});

test("policy-settings-error for a network failure: status 0 and the fetch's error; the edit is kept", async () => {
  await withPage("45-events-network", async (page) => {
    await signIn(page, server);
    await page.route("**/api/settings", (route) =>
      route.request().method() === "PUT" ? route.abort("internetdisconnected") : route.continue(),
    );
    await page.getByLabel("Minimum length").fill("16");
    await page.getByRole("button", { name: "Save settings" }).click();
    const [failed] = await eventsOnceThere(page, "error");
    assert.deepEqual(failed, { type: "policy-settings-error", keys: ["error", "status"], detail: { error: { name: "TypeError" }, status: 0 } });
    assert.equal(await page.getByLabel("Minimum length").inputValue(), "16");
    page.errors = page.errors.filter((error) => !/ERR_INTERNET_DISCONNECTED/.test(error));
  });
});

test("policy-settings-secret-rotate carries the new secret, shown once, and the time the server recorded", async () => {
  await withPage("46-events-rotate", async (page) => {
    await signIn(page, server);
    await page.getByRole("button", { name: "Rotate the signing secret" }).click();
    await page.getByRole("button", { name: "Rotate now" }).click();
    const [rotated] = await eventsOnceThere(page, "secret-rotate");
    assert.deepEqual(rotated.keys, ["rotatedAt", "secret"]);
    assert.match(rotated.detail.secret, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(await page.locator(".policy-settings-secret").innerText(), rotated.detail.secret);
    const status = await fetch(`${server.url}/api/content-token/secret`, {
      headers: { Authorization: `Bearer ${server.token}` },
    }).then((response) => response.json());
    assert.deepEqual(status, { rotatedAt: rotated.detail.rotatedAt });
  });
});

test("a session ended on the server mid-edit: the save asks to sign in again, and nothing typed is lost", async () => {
  await withPage("47-session-ended", async (page) => {
    await signIn(page, server);
    await page.getByLabel("Minimum length").fill("15");
    await page.getByLabel("Token lifetime (seconds)").fill("1800");
    await page.getByLabel("Allowed origins", { exact: true }).fill("https://app.example.com");

    // The session ends on the server (signed out elsewhere) while the page keeps its cookie.
    const cookies = await page.context().cookies(server.url);
    const session = cookies.find((cookie) => cookie.name === "pw_session");
    assert.ok(session, `the session cookie: ${cookies.map((cookie) => cookie.name)}`);
    const cookie = `pw_session=${session.value}`;
    const { csrfToken } = await fetch(`${server.url}/api/session`, { headers: { Cookie: cookie } }).then((r) => r.json());
    const signOut = await fetch(`${server.url}/api/session`, {
      method: "DELETE",
      headers: { Cookie: cookie, Origin: server.url, "X-CSRF-Token": csrfToken },
    });
    assert.equal(signOut.status, 204);
    const ended = await fetch(`${server.url}/api/session`, { headers: { Cookie: cookie } });
    assert.equal(ended.status, 401, "the cookie no longer names a session");

    await page.getByRole("button", { name: "Save settings" }).click();
    const [refused] = await eventsOnceThere(page, "error");
    assert.deepEqual(refused, { type: "policy-settings-error", keys: ["status"], detail: { status: 401 } });
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByText("Your session ended. Sign in again; your edit is kept.").waitFor();
    assert.equal((await serverSettings(server)).settings.passwordPolicy.minLength, 8, "nothing was stored");

    // The members card (hidden with the settings) has an email field too: ask the sign-in form.
    const signInForm = page.getByRole("form", { name: "Sign in" });
    await signInForm.getByLabel("Email").fill(server.email);
    await signInForm.getByLabel("Password", { exact: true }).fill(server.password);
    await signInForm.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Signed in.").waitFor();
    assert.equal(await page.getByLabel("Minimum length").inputValue(), "15");
    assert.equal(await page.getByLabel("Token lifetime (seconds)").inputValue(), "1800");
    assert.equal(await page.getByLabel("Allowed origins", { exact: true }).inputValue(), "https://app.example.com");
    assert.equal((await events(page, "load")).length, 1, "signing in again does not reload over the edit");

    await page.getByRole("button", { name: "Save settings" }).click();
    const [saved] = await eventsOnceThere(page, "save");
    const stored = await serverSettings(server);
    assert.equal(stored.settings.passwordPolicy.minLength, 15);
    assert.equal(stored.settings.contentToken.ttlSeconds, 1800);
    assert.deepEqual(stored.settings.cors.allowedOrigins, ["https://app.example.com"]);
    assert.deepEqual(saved.detail, { settings: stored.settings, version: stored.version });
  });
});
