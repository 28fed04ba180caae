// One instance behind a TLS-terminating proxy, as behind a balancer: the browser speaks HTTPS
// to the proxy, the proxy plain HTTP to the server with X-Forwarded-For/-Proto, and the server
// knows its public origin (--public-origin) and its proxy (--trusted-proxy). A sign-in and a
// save must work in Chromium, with the __Host- cookie and HSTS a TLS site gets.
//
// The proxy is written here (node:https and node:http), with a certificate this test makes
// with Debian's openssl; Chromium trusts exactly that key (--ignore-certificate-errors-spki-list),
// so the page is a secure context with no certificate error, as behind a real balancer.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { X509Certificate, createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { newPage, screenshot, serverSettings, signIn, useServerAndBrowser } from "./helpers.mjs";

let certificateDir;
let proxy;
let server;
let browser;
let publicOrigin;

/** A self-signed certificate for 127.0.0.1 (P-256, one day), and its SPKI's SHA-256. */
function makeCertificate(dir) {
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
    "-addext", "subjectAltName=IP:127.0.0.1",
  ], { stdio: "ignore" });
  const pem = readFileSync(cert);
  const spki = new X509Certificate(pem).publicKey.export({ type: "spki", format: "der" });
  return { key: readFileSync(key), cert: pem, spkiSha256: createHash("sha256").update(spki).digest("base64") };
}

/** An HTTPS proxy to `upstream` (set later), appending the peer to X-Forwarded-For as nginx does. */
function startProxy(credentials) {
  const state = { upstream: null, forwardedFor: [] };
  const listener = https.createServer({ key: credentials.key, cert: credentials.cert }, (request, response) => {
    const peer = request.socket.remoteAddress.replace(/^::ffff:/, "");
    const prior = request.headers["x-forwarded-for"];
    const forwardedFor = prior ? `${prior}, ${peer}` : peer;
    state.forwardedFor.push(forwardedFor);
    const upstream = http.request(
      `${state.upstream}${request.url}`,
      {
        method: request.method,
        headers: { ...request.headers, "x-forwarded-for": forwardedFor, "x-forwarded-proto": "https" },
      },
      (answer) => {
        response.writeHead(answer.statusCode, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", () => {
      response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  });
  return new Promise((resolve) => {
    listener.listen(0, "127.0.0.1", () => resolve({ listener, state, port: listener.address().port }));
  });
}

// The certificate and the proxy are the file's, made before the browser that trusts the one
// and the servers the other forwards to; each test gets a server of its own.
let spkiSha256;
before(async () => {
  certificateDir = mkdtempSync(path.join(tmpdir(), "policy-widget-proxy-"));
  const credentials = makeCertificate(certificateDir);
  spkiSha256 = credentials.spkiSha256;
  proxy = await startProxy(credentials);
  publicOrigin = `https://127.0.0.1:${proxy.port}`;
});

after(() => {
  proxy?.listener.close();
  if (certificateDir) rmSync(certificateDir, { recursive: true, force: true });
});

useServerAndBrowser(
  (started, launched) => {
    [server, browser] = [started, launched];
    proxy.state.upstream = server.url;
    proxy.state.forwardedFor = [];
  },
  {
    serverArgs: () => ["--public-origin", publicOrigin, "--trusted-proxy", "127.0.0.1"],
    browserArgs: () => [`--ignore-certificate-errors-spki-list=${spkiSha256}`],
  },
);

test("behind a TLS-terminating proxy: a browser signs in and saves", async () => {
  const page = await newPage(browser);
  try {
    const first = await page.goto(`${publicOrigin}/`);
    assert.equal(first.headers()["strict-transport-security"], "max-age=63072000; includeSubDomains");
    assert.equal(await page.evaluate(() => window.isSecureContext), true);
    await signIn(page, { ...server, url: publicOrigin });
    const cookies = await page.context().cookies(publicOrigin);
    const session = cookies.find((cookie) => cookie.name === "__Host-pw_session");
    assert.ok(session, `the __Host- cookie: ${JSON.stringify(cookies.map((cookie) => cookie.name))}`);
    assert.equal(session.secure, true);
    assert.equal(session.httpOnly, true);

    await page.getByLabel("Minimum length").fill("15");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText(/Saved \(version \d+\)/).waitFor();
    const { settings } = await serverSettings(server);
    assert.equal(settings.passwordPolicy.minLength, 15, "the save went through the proxy");
    const activity = await fetch(`${server.url}/api/activity`, {
      headers: { Authorization: `Bearer ${server.token}` },
    }).then((response) => response.json());
    assert.equal(activity.entries[0].who.via, "session");
    assert.equal(activity.entries[0].who.address, "127.0.0.1", "the forwarded client, not a guess");
    assert.ok(proxy.state.forwardedFor.length > 0, "every request came through the proxy");
    await screenshot(page, "20-behind-tls-proxy");
    // Before the sign-in, GET /api/session answers 401 on purpose; nothing else may fail.
    const unexpected = page.errors.filter((error) => !/status of 401/.test(error));
    assert.deepEqual(unexpected, [], "no console errors");
  } catch (error) {
    await screenshot(page, "20-behind-tls-proxy-failure").catch(() => {});
    throw error;
  } finally {
    await page.context().close();
  }
});

test("behind the proxy, a page from another origin cannot use the session", async () => {
  // The server's own address is not the public origin: an Origin naming it is refused.
  const response = await fetch(`${server.url}/api/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: server.url },
    body: JSON.stringify({ email: server.email, password: server.password }),
  });
  assert.equal(response.status, 403);
  assert.equal((await response.json()).error, "cross_origin");
});
