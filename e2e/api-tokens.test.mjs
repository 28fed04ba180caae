// The "API tokens" card in Chromium against the real server, by keyboard: the admin makes a
// token, reads it the one time it is shown, uses it with fetch() as a script would, and
// revokes it in the card, after which the server refuses it. axe-core checks the card with
// the new token on show. Screenshots go to e2e/artifacts/.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ROOT, newPage, screenshot, scriptErrors, signIn, useServerAndBrowser } from "./helpers.mjs";

let server;
let browser;
useServerAndBrowser((started, launched) => {
  [server, browser] = [started, launched];
});

/** `GET /api/me` with the token, as a script sends it. */
const useToken = (token) => fetch(`${server.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } });

test("an admin makes a token, sees it once, uses it, and revokes it", async () => {
  const page = await newPage(browser, { bypassCSP: true });
  try {
    await signIn(page, server);
    const card = page.locator("[data-api-tokens]");
    await card.getByText("No API tokens yet.").waitFor();

    // A lifetime out of range is refused by the server and put on the field.
    await card.getByLabel("Token name").fill("deploy script");
    const days = card.getByLabel(/Expires in/);
    await days.fill("400");
    await days.press("Enter");
    await card.getByText("Choose a whole number of days from 1 to 365.").waitFor();
    assert.equal(await days.getAttribute("aria-invalid"), "true");

    // By keyboard: the lifetime, then Enter submits the form.
    await days.fill("7");
    await days.press("Enter");
    const shown = card.locator("[data-new-token] [data-token]");
    await shown.waitFor();
    const token = await shown.textContent();
    assert.match(token, /^pwt_[\w-]{43}$/);
    const copy = card.getByRole("button", { name: "Copy token" });
    assert.equal(await copy.evaluate((button) => button === document.activeElement), true, "focus moves to Copy");
    const row = card.locator("tr", { hasText: "deploy script" });
    await row.getByText(server.email).waitFor();

    await page.addScriptTag({ path: path.join(ROOT, "node_modules", "axe-core", "axe.min.js") });
    const results = await page.evaluate(() => globalThis.axe.run("[data-api-tokens]", { resultTypes: ["violations"] }));
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(serious.map((v) => `${v.id}: ${v.help}`), []);
    await screenshot(page, "30-api-token-created");

    const used = await useToken(token);
    assert.equal(used.status, 200);
    assert.equal((await used.json()).email, server.email);

    // Shown once: after a reload the card lists the token but no longer shows it.
    await page.reload();
    await row.waitFor();
    assert.equal(await card.locator("[data-token]").count(), 0);
    assert.equal((await page.content()).includes(token), false, "the token is nowhere on the page");
    assert.doesNotMatch(await row.textContent(), /never/, "its use is listed");

    // Revoked by keyboard: focus the row's button, Enter, accept the confirmation.
    page.once("dialog", (dialog) => dialog.accept());
    await row.getByRole("button", { name: "Revoke: deploy script" }).focus();
    await page.keyboard.press("Enter");
    await card.getByText("Token deploy script revoked.").waitFor();
    await card.getByText("No API tokens yet.").waitFor();
    assert.equal((await useToken(token)).status, 401);
    await screenshot(page, "31-api-token-revoked");
    assert.deepEqual(scriptErrors(page, [401, 422]), [], "no script errors");
  } catch (error) {
    await screenshot(page, "3x-api-tokens-failure").catch(() => {});
    throw error;
  } finally {
    await page.context().close();
  }
});
