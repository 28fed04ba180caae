// Content delivery in a real browser: a page served from another origin (another port on
// 127.0.0.1, a server written here) fetches `/content/{key}` with a content token the server
// issued. Chromium lets the page read the answer only when that origin is in the stored list
// and CORS is on; a rotation and the TTL change what the next fetch gets; and the admin page's
// token card issues a token and has the server verify it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { newPage, saveSettingsAsAnotherAdmin, screenshot, signIn, useServerAndBrowser } from "./helpers.mjs";

const KEY = "welcome";
const DOCUMENT = { title: "Private hello", items: [1, 2, 3] };

let server;
let reader; // the other origin's server
let readerOrigin;
let browser;

/** A tiny site on its own port: one page, which the tests drive with page.evaluate. */
function startReader() {
  const listener = http.createServer((request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end("<!doctype html><html lang=en><title>reader</title><h1>Another origin</h1>");
  });
  return new Promise((resolve) => listener.listen(0, "127.0.0.1", () => resolve(listener)));
}

/** A request to the API with the admin token. */
async function api(method, path, body, headers = {}) {
  const response = await fetch(`${server.url}/api${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${server.token}`,
      ...(body !== undefined && { "Content-Type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const changeSettings = (change) => saveSettingsAsAnotherAdmin(server, change);

const setCors = (enabled, allowedOrigins) =>
  changeSettings((settings) => {
    settings.cors = { enabled, allowedOrigins };
  });

async function issueToken() {
  const answer = await api("POST", "/content-token", {});
  assert.equal(answer.status, 200);
  return answer.body.token;
}

/** The reader page fetches the content with `token`: what its script could see. */
function fetchFromReader(page, token) {
  return page.evaluate(
    async ({ url, token }) => {
      try {
        const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
        return {
          read: true,
          status: response.status,
          body: await response.json(),
          challenge: response.headers.get("WWW-Authenticate"),
        };
      } catch (error) {
        return { read: false, error: `${error.name}: ${error.message}` };
      }
    },
    { url: `${server.url}/content/${KEY}`, token },
  );
}

/** A fresh page on the reader's origin. */
async function readerPage() {
  const page = await newPage(browser);
  await page.goto(`${readerOrigin}/`);
  return page;
}

// The reader is the file's; each test gets a server of its own with the document stored.
before(async () => {
  reader = await startReader();
  readerOrigin = `http://127.0.0.1:${reader.address().port}`;
});

after(() => {
  reader?.close();
});

useServerAndBrowser(async (started, launched) => {
  [server, browser] = [started, launched];
  const stored = await api("PUT", `/content/${KEY}`, DOCUMENT);
  assert.equal(stored.status, 201);
});

test("a token issued by the server reads private content from an allowed origin, and only from there", async () => {
  const token = await issueToken();
  const page = await readerPage();
  try {
    await setCors(true, [readerOrigin]);
    const allowed = await fetchFromReader(page, token);
    assert.deepEqual(allowed, { read: true, status: 200, body: DOCUMENT, challenge: null });

    // Another port of the same host is another origin: not in the list, blocked by Chromium.
    await setCors(true, ["http://127.0.0.1:1", `http://localhost:${reader.address().port}`]);
    const otherOrigin = await fetchFromReader(page, token);
    assert.equal(otherOrigin.read, false, JSON.stringify(otherOrigin));
    assert.match(otherOrigin.error, /TypeError/);

    // The list still names the reader, but CORS is off: blocked too.
    await setCors(false, [readerOrigin]);
    const disabled = await fetchFromReader(page, token);
    assert.equal(disabled.read, false, JSON.stringify(disabled));

    const blocked = page.errors.filter((error) => /blocked by CORS policy/.test(error));
    assert.ok(blocked.length >= 2, `Chromium says why, for each: ${page.errors.join("\n")}`);
    await screenshot(page, "30-content-other-origin");
  } finally {
    await page.context().close();
  }
});

test("a rotation and the TTL change what the next fetch from an allowed origin gets", async () => {
  await setCors(true, [readerOrigin]);
  const page = await readerPage();
  try {
    const token = await issueToken();
    assert.equal((await fetchFromReader(page, token)).status, 200);

    const rotated = await api("POST", "/content-token/secret", {});
    assert.equal(rotated.status, 200);
    const afterRotation = await fetchFromReader(page, token);
    assert.equal(afterRotation.status, 401, "the refusal is readable: the origin is allowed");
    assert.equal(afterRotation.body.reason, "signature_invalid");
    assert.match(afterRotation.challenge, /^Bearer realm="content", error="invalid_token"/);
    assert.equal((await fetchFromReader(page, await issueToken())).status, 200, "a new token works");

    await changeSettings((settings) => {
      settings.contentToken.ttlSeconds = 1;
    });
    const shortLived = await issueToken();
    const claims = JSON.parse(Buffer.from(shortLived.split(".")[1], "base64url"));
    assert.equal(claims.exp - claims.iat, 1);
    // exp is a whole second at most 1 s ahead; past it (plus a margin) the token is refused.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, claims.exp * 1000 - Date.now()) + 300));
    const expired = await fetchFromReader(page, shortLived);
    assert.equal(expired.status, 401);
    assert.equal(expired.body.reason, "expired");
  } finally {
    await page.context().close();
  }
});

test("the admin page issues a test token, the server verifies it, and the token opens content elsewhere", async () => {
  await setCors(true, [readerOrigin]);
  const page = await newPage(browser);
  try {
    await signIn(page, server);
    await page.getByRole("button", { name: "Issue a test token" }).click();
    const result = page.locator(".policy-token-server");
    await result.getByText(/Test token issued/).waitFor();
    const token = await page.getByLabel("JWT").inputValue();
    assert.equal(token.split(".").length, 3);
    await page.locator("policy-token .policy-token-status[data-status=valid]").waitFor();

    await page.getByRole("button", { name: "Verify with the server" }).click();
    await result.getByText(/The server accepts this token/).waitFor();
    assert.equal(await result.getAttribute("role"), "status");
    await screenshot(page, "31-token-verified-by-server");

    const readerTab = await readerPage();
    assert.deepEqual((await fetchFromReader(readerTab, token)).body, DOCUMENT);
    await readerTab.context().close();

    await api("POST", "/content-token/secret", {});
    await page.getByRole("button", { name: "Verify with the server" }).click();
    await result.getByText(/The server refuses this token: its signature does not match the current secret/).waitFor();
    await screenshot(page, "32-token-refused-after-rotation");

    await page.getByLabel("JWT").fill("");
    await page.getByRole("button", { name: "Verify with the server" }).click();
    await result.getByText("Paste or issue a token first.").waitFor();

    await page.locator("#page-language").selectOption("es");
    await page.getByRole("button", { name: "Emitir un token de prueba" }).click();
    await result.getByText(/Token de prueba emitido/).waitFor();
    await page.getByRole("button", { name: "Verificar con el servidor" }).click();
    await result.getByText(/El servidor acepta este token/).waitFor();

    const unexpected = page.errors.filter((error) => !/status of 401/.test(error));
    assert.deepEqual(unexpected, [], "no console errors");
  } catch (error) {
    await screenshot(page, "31-token-tools-failure").catch(() => {});
    throw error;
  } finally {
    await page.context().close();
  }
});
