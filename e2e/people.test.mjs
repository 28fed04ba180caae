// People in Chromium against the real server: the bootstrap admin invites a member, the
// member sets a password the stored policy first refuses, the admin enforces 2FA, the member
// enrols a device with a code this test computes (RFC 6238), signs out, and signs in again
// with password and code. Screenshots go to e2e/artifacts/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { newPage, screenshot, scriptErrors, serverSettings, signIn, useServerAndBrowser } from "./helpers.mjs";

let server;
let browser;
useServerAndBrowser((started, launched) => {
  [server, browser] = [started, launched];
});

/** RFC 4648 base32 without padding → bytes. */
function base32(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out = [];
  for (const char of text.replace(/=+$/, "").toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** The RFC 6238 code (SHA-1, 6 digits, 30 s) of `secret` (base32) `offset` steps from now. */
function totp(secret, offset = 0) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30) + offset));
  const digest = createHmac("sha1", base32(secret)).update(counter).digest();
  const start = digest[19] & 0x0f;
  return String((digest.readUInt32BE(start) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

test("a member joins, is made to enrol a second factor, and signs in with it", async () => {
  const admin = await newPage(browser);
  const member = await newPage(browser);
  try {
    // The bootstrap admin invites Bea from the Members card.
    await signIn(admin, server);
    const card = admin.locator("[data-members]");
    await card.getByLabel("Email").fill("bea@example.com");
    await card.getByLabel("Name").fill("Beatrice");
    await card.getByRole("button", { name: "Invite" }).click();
    const url = await card.locator("[data-invitation-url] code").textContent();
    assert.match(url, /\/#invite=[\w-]{43}$/);
    await screenshot(admin, "20-members-invited");

    // Bea's password is refused by the stored policy (it holds her name), then accepted.
    await member.goto(url);
    await member.getByText("Choose a password for bea@example.com.").waitFor();
    const password = member.getByLabel("New password");
    await password.fill("beatrice-2025");
    // The checklist is live before anything is sent.
    await member.locator('[data-invitation] policy-password li[data-code="password.contains_user_input"][data-met="false"]').waitFor();
    await member.getByRole("button", { name: "Set password and sign in" }).click();
    await member.locator('[data-server-issues] [data-code="password.contains_user_input"]').waitFor();
    assert.equal(await password.getAttribute("aria-invalid"), "true");
    await screenshot(member, "21-invitation-refused");
    await password.fill("plum-orbit-cascade-77");
    await member.getByRole("button", { name: "Set password and sign in" }).click();
    await member.getByRole("heading", { name: "Change your password" }).waitFor();
    assert.ok(!member.url().includes("#invite="), "the token leaves the address bar");

    // The admin enforces 2FA.
    await admin.getByLabel("Require two-factor authentication for every user").check();
    await admin.getByRole("button", { name: "Save settings" }).click();
    await admin.getByText(/Saved \(version \d+\)/).waitFor();
    assert.equal((await serverSettings(server)).settings.twoFactor.enforced, true);

    // Bea signs out; at her next sign-in she must enrol a device.
    await member.getByRole("button", { name: "Sign out" }).click();
    await member.getByLabel("Email").fill("bea@example.com");
    await member.getByLabel("Password", { exact: true }).fill("plum-orbit-cascade-77");
    await member.getByRole("button", { name: "Sign in" }).click();
    await member.locator(".policy-totp-qr svg").waitFor();
    const secret = await member.locator("[data-totp-key]").textContent();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await screenshot(member, "22-totp-setup");
    await member.getByLabel(/Authentication code/).fill(totp(secret));
    await member.getByRole("button", { name: "Sign in" }).click();
    const codes = member.locator("[data-recovery-codes] li");
    await codes.first().waitFor();
    assert.equal(await codes.count(), 10);
    await screenshot(member, "23-recovery-codes");
    await member.getByRole("button", { name: "Continue" }).click();
    await member.getByRole("heading", { name: "Change your password" }).waitFor();

    // Signed out, she signs in with password and a code (the next step's: the one used to
    // enrol never works twice).
    await member.getByRole("button", { name: "Sign out" }).click();
    await member.getByLabel("Email").fill("bea@example.com");
    await member.getByLabel("Password", { exact: true }).fill("plum-orbit-cascade-77");
    await member.getByRole("button", { name: "Sign in" }).click();
    await member.getByLabel(/Authentication code/).fill(totp(secret, 1));
    await member.getByRole("button", { name: "Sign in" }).click();
    await member.getByRole("heading", { name: "Change your password" }).waitFor();
    assert.equal(await member.locator(".policy-totp-qr svg").count(), 0, "no enrolment the second time");
    await screenshot(member, "24-signed-in-with-totp");
    assert.deepEqual(scriptErrors(member, [401, 403, 422]), [], "no script errors (member)");
    assert.deepEqual(scriptErrors(admin, [401, 403, 422]), [], "no script errors (admin)");
  } catch (error) {
    await screenshot(member, "2x-people-failure").catch(() => {});
    throw error;
  } finally {
    await admin.context().close();
    await member.context().close();
  }
});

test("an invitation accepted while 2FA is enforced goes straight on to enrolling a device", async () => {
  const admin = await newPage(browser);
  const member = await newPage(browser);
  try {
    await signIn(admin, server);
    await admin.getByLabel("Require two-factor authentication for every user").check();
    await admin.getByRole("button", { name: "Save settings" }).click();
    await admin.getByText(/Saved \(version \d+\)/).waitFor();
    const card = admin.locator("[data-members]");
    await card.getByLabel("Email").fill("cy@example.com");
    await card.getByLabel("Name").fill("Cyrus");
    await card.getByRole("button", { name: "Invite" }).click();
    const url = await card.locator("[data-invitation-url] code").textContent();

    // Setting the password answers `next: "totp_setup"`: the QR code follows on the same
    // page, without typing the email and the new password a second time.
    await member.goto(url);
    await member.getByLabel("New password").fill("plum-orbit-cascade-77");
    await member.getByRole("button", { name: "Set password and sign in" }).click();
    await member.locator(".policy-totp-qr svg").waitFor();
    assert.ok(!member.url().includes("#invite="), "the token leaves the address bar");
    assert.equal(await member.locator("[data-invitation]").count(), 0, "the invitation form is gone");
    const secret = await member.locator("[data-totp-key]").textContent();
    await member.getByLabel(/Authentication code/).fill(totp(secret));
    await member.getByRole("button", { name: "Sign in" }).click();
    await member.locator("[data-recovery-codes] li").first().waitFor();
    await member.getByRole("button", { name: "Continue" }).click();
    await member.getByRole("heading", { name: "Change your password" }).waitFor();
    await screenshot(member, "25-invitation-with-enforced-2fa");
    assert.deepEqual(scriptErrors(member, [401, 403]), [], "no script errors (member)");
  } catch (error) {
    await screenshot(member, "2x-invitation-2fa-failure").catch(() => {});
    throw error;
  } finally {
    await admin.context().close();
    await member.context().close();
  }
});
