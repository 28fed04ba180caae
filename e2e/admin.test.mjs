// The admin page and its elements in Chromium, against the real server: what an admin sees,
// types and saves. Screenshots of each state go to e2e/artifacts/.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import path from "node:path";
import {
  ROOT,
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
 * A signed-in page; asserts at the end of `body` that no script error happened. `query` is
 * added to the page's URL; with `clockAt` (ms since the epoch) the page runs on Playwright's
 * clock from that time on, which the test can then pause and move; the rest of `options` is
 * the browser context's.
 */
async function withAdminPage(name, body, { query = "", clockAt, ...options } = {}) {
  const page = await newPage(browser, options);
  try {
    if (clockAt !== undefined) await page.clock.install({ time: clockAt });
    await signIn(page, server, query);
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

/** An HS256 JWT signed with `secret`. */
function jwt(claims, secret) {
  const encode = (object) => Buffer.from(JSON.stringify(object)).toString("base64url");
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}`;
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}

/** Presses Tab until `selector` has the focus; fails after `limit` presses. */
async function tabTo(page, selector, limit = 80) {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  assert.fail(`Tab never reached ${selector}`);
}

describe("signing in", () => {
  test("the page asks for email and password, then shows the settings", async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await screenshot(page, "01-sign-in");
    await page.getByLabel("Email").fill(server.email);
    await page.getByLabel("Password", { exact: true }).fill("not-the-password-at-all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Wrong email or password.").waitFor();
    await page.getByLabel("Password", { exact: true }).fill(server.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText(/Settings loaded \(version \d+\)/).waitFor();
    assert.equal(await page.getByLabel("Minimum length").inputValue(), "8");
    await page.context().close();
  });
});

describe("loading", () => {
  test("the page is interactive while the password module is still on its way", async () => {
    const page = await newPage(browser);
    let release;
    const held = new Promise((resolve) => (release = resolve));
    let requested = false;
    await page.route("**/policy_widget_password_bg.wasm", async (route) => {
      requested = true;
      await held;
      await route.continue();
    });
    try {
      await signIn(page, server);
      // Origins, token lifetime and the policy work on the core module alone.
      await page.getByLabel("Allowed origins", { exact: true }).fill("https://api.mydomain.com/");
      await page.locator('policy-origins li[data-code="origin.trailing_slash"]').waitFor();
      await page.getByLabel("Token lifetime (seconds)").fill("0");
      await page.waitForFunction(() => document.querySelector("policy-settings-form form")?.checkValidity() === false);
      assert.ok(requested, "the password module was requested in the background");
      assert.equal(await page.locator("policy-password li[data-code]").count(), 0, "no checklist before the checker");
      await screenshot(page, "00-before-password-module");
      // Then it arrives, and the sample password is checked.
      release();
      await page.getByLabel("Sample password").fill("violet-harb");
      await page.locator('policy-password li[data-code="password.too_short"]').waitFor();
      assert.deepEqual(scriptErrors(page, [401, 409, 422]), [], "no script errors");
    } finally {
      release();
      await page.context().close();
    }
  });
});

describe("<policy-password>", () => {
  test("a weak then a strong password: validity, label, checklist", async () => {
    await withAdminPage("02-password", async (page) => {
      const input = page.getByLabel("Sample password");
      await input.fill("password");
      const element = page.locator("policy-password");
      await element.locator(".policy-password-label").filter({ hasText: "Strength: Very weak" }).waitFor();
      assert.equal(await input.evaluate((i) => i.validity.valid), false);
      assert.match(await input.evaluate((i) => i.validationMessage), /common/);
      assert.equal(await element.locator('li[data-code="password.common"]').getAttribute("data-met"), "false");
      assert.equal(await input.getAttribute("autocomplete"), "new-password");
      assert.equal(await input.getAttribute("passwordrules"), "minlength: 8; maxlength: 128;");
      await screenshot(page, "02-password-weak");

      await input.fill("violet-harbor-engine-47");
      await element.locator(".policy-password-label").filter({ hasText: /Strength: (Strong|Very strong)/ }).waitFor();
      assert.equal(await input.evaluate((i) => i.validity.valid), true);
      const met = await element.locator(".policy-checklist li").evaluateAll((items) => items.map((li) => li.dataset.met));
      assert.ok(met.length > 0 && met.every((value) => value === "true"), `all rules met: ${met}`);
      const described = (await input.getAttribute("aria-describedby")).split(" ");
      for (const id of described) assert.equal(await page.locator(`#${id}`).count(), 1, `#${id} exists`);
    });
  });

  test("the show/hide button reveals the password and says so", async () => {
    await withAdminPage("03-password-shown", async (page) => {
      const input = page.getByLabel("Sample password");
      await input.fill("violet-harbor");
      await page.getByRole("button", { name: "Show password" }).click();
      assert.equal(await input.getAttribute("type"), "text");
      await page.getByRole("button", { name: "Hide password" }).waitFor();
      await page.locator("policy-password [role=status]").filter({ hasText: "Password shown." }).waitFor();
      await page.getByRole("button", { name: "Hide password" }).click();
      assert.equal(await input.getAttribute("type"), "password");
    });
  });

  test("the sample password follows the policy being edited", async () => {
    await withAdminPage("04-password-follows-policy", async (page) => {
      await page.getByLabel("Minimum length").fill("12");
      const input = page.getByLabel("Sample password");
      await page.waitForFunction(() => document.getElementById("try-password").getAttribute("passwordrules")?.startsWith("minlength: 12"));
      await input.fill("violet-harb");
      await page.locator('policy-password li[data-code="password.too_short"][data-met="false"]').waitFor();
    });
  });
});

describe("<policy-origins>", () => {
  test("bad then good origins, and a one-click fix", async () => {
    await withAdminPage("05-origins", async (page) => {
      const textarea = page.getByLabel("Allowed origins", { exact: true });
      await textarea.fill("https://api.mydomain.com/, ftp://files.mydomain.com\nhttps://mydomain.com");
      const element = page.locator("policy-origins");
      await element.locator("mark").first().waitFor();
      assert.equal(await textarea.evaluate((t) => t.validity.valid), false);
      assert.ok((await element.locator('li[data-code="origin.trailing_slash"]').count()) >= 1);
      assert.ok((await element.locator('mark[data-code="origin.unsupported_scheme"]').count()) >= 1);
      await screenshot(page, "05-origins-bad");

      await page.getByRole("button", { name: "Use https://api.mydomain.com" }).click();
      await page.waitForFunction(() => document.getElementById("allowed-origins").value.startsWith("https://api.mydomain.com,"));
      await element.locator('li[data-code="origin.trailing_slash"]').waitFor({ state: "detached" });

      await textarea.fill("https://api.mydomain.com, https://mydomain.com");
      await element.locator("mark").first().waitFor({ state: "detached" });
      assert.equal(await textarea.evaluate((t) => t.validity.valid), true);
      const listed = await element.locator(".policy-origins-list li").allInnerTexts();
      assert.deepEqual(listed, ["https://api.mydomain.com", "https://mydomain.com"]);
    });
  });
});

describe("<policy-settings-form>", () => {
  test("TTL 0 blocks submit", async () => {
    await withAdminPage("06-ttl-zero", async (page) => {
      let puts = 0;
      page.on("request", (request) => {
        if (request.method() === "PUT") puts += 1;
      });
      const ttl = page.getByLabel("Token lifetime (seconds)");
      await ttl.fill("0");
      await page.getByRole("button", { name: "Save settings" }).click();
      await page.getByText(/Fix 1 problem/).waitFor();
      assert.equal(await ttl.evaluate((i) => i.validity.valid), false);
      assert.equal(await ttl.evaluate((i) => document.activeElement === i), true, "focus moves to the bad field");
      await page.locator("#ttl-seconds-error[data-code='ttl.out_of_range']").waitFor();
      assert.equal(puts, 0, "nothing was sent");
    });
  });

  test("a save the server then holds", async () => {
    await withAdminPage("07-saved", async (page) => {
      await page.getByLabel("Minimum length").fill("14");
      await page.getByLabel("Require two-factor authentication for every user").check();
      await page.getByRole("button", { name: "Save settings" }).click();
      await page.getByText(/Saved \(version \d+\)/).waitFor();
      const { settings } = await serverSettings(server);
      assert.equal(settings.passwordPolicy.minLength, 14);
      assert.equal(settings.twoFactor.enforced, true);
      await page.reload();
      await page.getByText(/Settings loaded/).waitFor();
      assert.equal(await page.getByLabel("Minimum length").inputValue(), "14");
      await page.locator(".policy-activity-list li[data-event]").first().waitFor();
    });
  });

  test("a 422 from the server is shown on its field", async () => {
    await withAdminPage("08-server-422", async (page) => {
      // The browser and the server share the core, so only a tampered request can reach the
      // server invalid: change minLength on the wire.
      await tamperWithSettingsPuts(page, (settings) => {
        settings.passwordPolicy.minLength = 3;
      });
      await page.getByRole("button", { name: "Save settings" }).click();
      await page.getByText("The server refused the settings: fix the marked fields.").waitFor();
      const minLength = page.getByLabel("Minimum length");
      assert.equal(await minLength.evaluate((i) => i.validity.valid), false);
      assert.equal(await minLength.evaluate((i) => document.activeElement === i), true);
      await page.locator("#min-length-error[data-code='policy.min_length_out_of_range']").waitFor();
      await screenshot(page, "08-server-422");
      await minLength.fill("10");
      assert.equal(await minLength.evaluate((i) => i.validity.valid), true, "editing the field clears the server's verdict");
    });
  });

  test("a 409: another admin saved first; reload theirs or overwrite deliberately", async () => {
    await withAdminPage("09-conflict", async (page) => {
      await page.getByLabel("Token lifetime (seconds)").fill("1800");
      // Meanwhile, another admin (an API client) changes the maximum length.
      await saveSettingsAsAnotherAdmin(server, (theirs) => {
        theirs.passwordPolicy.maxLength = 100;
      });

      await page.getByRole("button", { name: "Save settings" }).click();
      const conflict = page.locator(".policy-settings-conflict");
      await conflict.waitFor();
      await conflict.locator('li[data-path="passwordPolicy.maxLength"]').waitFor();
      await screenshot(page, "09-conflict");
      assert.equal(await page.getByLabel("Token lifetime (seconds)").inputValue(), "1800", "the edit is kept");

      await page.getByRole("button", { name: "Save mine over theirs" }).click();
      await page.getByText(/Saved \(version \d+\)/).waitFor();
      const { settings } = await serverSettings(server);
      assert.equal(settings.contentToken.ttlSeconds, 1800);
      assert.equal(settings.passwordPolicy.maxLength, 128, "overwriting writes every field of mine");
    });
  });

  test("a 409 resolved by loading the other admin's version", async () => {
    await withAdminPage("10-conflict-reload", async (page) => {
      await page.getByLabel("Token lifetime (seconds)").fill("2400");
      await saveSettingsAsAnotherAdmin(server, (theirs) => {
        theirs.contentToken.ttlSeconds = 900;
      });
      await page.getByRole("button", { name: "Save settings" }).click();
      await page.getByRole("button", { name: "Load their version (discard my edit)" }).click();
      await page.getByText("Loaded the other admin's version.").waitFor();
      assert.equal(await page.getByLabel("Token lifetime (seconds)").inputValue(), "900");
    });
  });

  test("a network error keeps what was typed", async () => {
    await withAdminPage("11-network-error", async (page) => {
      await page.route("**/api/settings", (route) => (route.request().method() === "PUT" ? route.abort("internetdisconnected") : route.continue()));
      await page.getByLabel("Minimum length").fill("16");
      await page.getByRole("button", { name: "Save settings" }).click();
      await page.getByText("Could not reach the server. Your changes are kept; try again.").waitFor();
      assert.equal(await page.getByLabel("Minimum length").inputValue(), "16");
      await page.unroute("**/api/settings");
      await page.getByRole("button", { name: "Save settings" }).click();
      await page.getByText(/Saved \(version \d+\)/).waitFor();
      page.errors = page.errors.filter((error) => !/ERR_INTERNET_DISCONNECTED/.test(error));
    });
  });

  test("rotating the secret shows the new one once", async () => {
    await withAdminPage("12-rotate", async (page) => {
      await page.getByRole("button", { name: "Rotate the signing secret" }).click();
      await page.getByRole("button", { name: "Rotate now" }).click();
      const secret = page.locator(".policy-settings-secret");
      await secret.waitFor();
      assert.match(await secret.innerText(), /^[A-Za-z0-9_-]{43}$/);
      const { settings } = await serverSettings(server);
      assert.ok(!JSON.stringify(settings).includes(await secret.innerText()), "GET /api/settings never includes it");
    });
  });
});

describe("<policy-token>", () => {
  test("the inspector decodes a token, counts down with the page's clock and checks the signature", async () => {
    // Whole seconds, so the token's times and the page's clock are exact in seconds.
    const start = Math.floor(Date.now() / 1000) * 1000;
    const now = start / 1000;
    await withAdminPage("13-token", async (page) => {
      const secret = "correct horse battery staple, but longer";
      await page.getByLabel("JWT").fill(jwt({ sub: "asset-42", iat: now, exp: now + 3600 }, secret));
      const element = page.locator("policy-token");
      await element.locator(".policy-token-status[data-status=valid]").waitFor();
      await element.locator(".policy-token-signature[data-signature=unchecked]").waitFor();
      assert.match(await element.locator("pre").last().innerText(), /asset-42/);

      // The clock stops; then exactly five seconds pass on it, and the countdown shows exactly
      // five seconds less: it follows the clock, however slow the machine is.
      const seconds = () => element.locator(".policy-token-countdown").getAttribute("data-seconds").then(Number);
      // The countdown is worked out once a second, so at the pause it shows the hour left at
      // the pause, or at most one second more.
      const pause = (Math.floor((await page.evaluate(() => Date.now())) / 1000) + 2) * 1000;
      await page.clock.pauseAt(pause);
      const first = await seconds();
      const left = now + 3600 - pause / 1000;
      assert.ok(first >= left && first <= left + 1, `${first} s shown, ${left} s left at the pause`);
      await page.clock.runFor(5000);
      const later = await seconds();
      assert.ok(Math.abs(first - 5 - later) < 1e-6, `${first} - 5 s = ${later}`);
      await page.clock.resume();

      await page.getByLabel("Secret (optional, to check the signature)").fill(secret);
      await element.locator(".policy-token-signature[data-signature=verified]").waitFor();
      await screenshot(page, "13-token-verified");
      await page.getByLabel("Secret (optional, to check the signature)").fill("the wrong secret, also long enough");
      await element.locator(".policy-token-signature[data-signature=invalid]").waitFor();

      await page.getByLabel("JWT").fill(jwt({ sub: "asset-42", iat: now - 7200, exp: now - 3600 }, secret));
      await element.locator(".policy-token-status[data-status=expired]").waitFor();
      await element.getByText(/Expired 1 hr/).waitFor();
    }, { clockAt: start });
  });
});

describe("accessibility", () => {
  test("keyboard only: edit, fix, reveal and save without a mouse", async () => {
    await withAdminPage("14-keyboard", async (page) => {
      await page.locator("body").focus();
      await tabTo(page, "#min-length");
      await page.keyboard.press("Control+A");
      await page.keyboard.type("11");
      await tabTo(page, "#try-password");
      await page.keyboard.type("violet-harbor-engine");
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement.className), "policy-password-toggle");
      await page.keyboard.press("Enter");
      assert.equal(await page.getByLabel("Sample password").getAttribute("type"), "text");
      await tabTo(page, "#allowed-origins");
      await page.keyboard.type("https://mydomain.com/");
      await tabTo(page, "button[data-fix]");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.getElementById("allowed-origins").value === "https://mydomain.com");
      await tabTo(page, "button[type=submit]");
      await page.keyboard.press("Enter");
      await page.getByText(/Saved \(version \d+\)/).waitFor();
      const { settings } = await serverSettings(server);
      assert.equal(settings.passwordPolicy.minLength, 11);
      assert.deepEqual(settings.cors.allowedOrigins, ["https://mydomain.com"]);
    });
  });

  for (const theme of ["light", "dark"]) {
    test(`axe-core finds no serious or critical violations (${theme})`, async () => {
      // bypassCSP lets the test inject axe; the page itself still runs under the server's CSP.
      await withAdminPage(
        `15-axe-${theme}`,
        async (page) => {
          await page.getByLabel("Sample password").fill("password");
          await page.getByLabel("Allowed origins", { exact: true }).fill("https://a.example.com/, http://b.example.com");
          await page.getByLabel("Token lifetime (seconds)").fill("0");
          await page.locator("policy-origins mark").first().waitFor();
          await page.addScriptTag({ path: path.join(ROOT, "node_modules", "axe-core", "axe.min.js") });
          const results = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ["violations"] }));
          const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
          assert.deepEqual(
            serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
            [],
          );
        },
        { bypassCSP: true, query: `?theme=${theme}` },
      );
    });
  }
});

test("the README's screenshot: the admin page mid-edit", async () => {
  await withAdminPage("16-admin-page", async (page) => {
    await page.getByLabel("Minimum length").fill("12");
    await page.getByLabel("Sample password").fill("violet-harbor");
    await page.getByLabel("Allowed origins", { exact: true }).fill("https://api.mydomain.com/, https://mydomain.com");
    await page.locator("policy-origins mark").first().waitFor();
    await page.locator("policy-password .policy-password-label").filter({ hasText: "Strength" }).waitFor();
    // What the picture is meant to show, so a broken page cannot become the README's image:
    // the slash marked in place, the policy's new minimum followed by the sample's checklist.
    const mark = page.locator("policy-origins mark").first();
    assert.equal(await mark.getAttribute("data-code"), "origin.trailing_slash");
    assert.equal(await mark.textContent(), "/");
    const sample = page.getByLabel("Sample password");
    assert.equal(await sample.getAttribute("passwordrules"), "minlength: 12; maxlength: 128;");
    const lengthRule = page.locator('policy-password li[data-code="password.too_short"]');
    assert.equal(await lengthRule.getAttribute("data-met"), "true", "13 characters meet a minimum of 12");
    // Committed as docs/screenshot.png only on request, so a test run leaves the tree clean.
    if (process.env.POLICY_WIDGET_UPDATE_DOCS === "1") {
      await page.screenshot({ path: path.join(ROOT, "docs", "screenshot.png"), fullPage: true });
    }
  });
});
