// The npm package used three ways: a <script type="module"> with no bundler (served by the
// real server), a Vite app built outside the repository, and Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, newPage, screenshot, useServerAndBrowser } from "./helpers.mjs";

let server;
let browser;
useServerAndBrowser((started, launched) => {
  [server, browser] = [started, launched];
});

/** Types a weak, then a strong password into the first <policy-password> of the page. */
async function exercisePassword(page, label) {
  const input = page.getByLabel(label, { exact: true });
  await input.fill("password");
  await page.locator(".policy-password-label").filter({ hasText: "Very weak" }).waitFor();
  assert.equal(await input.evaluate((i) => i.validity.valid), false);
  await input.fill("violet-harbor-engine-47");
  await page.locator(".policy-password-label").filter({ hasText: /Strong|Very strong/ }).waitFor();
  assert.equal(await input.evaluate((i) => i.validity.valid), true);
}

test("the elements work from a <script type=module>, no bundler, under the server's CSP", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/demo.html`);
  await exercisePassword(page, "Password");
  const input = page.getByLabel("Password", { exact: true });
  assert.equal(await input.getAttribute("passwordrules"), "minlength: 12; maxlength: 128;");
  await page.locator("#events").filter({ hasText: "policy-password-change" }).waitFor();
  await screenshot(page, "20-demo-page");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the package works through Vite 7, built outside the repository", async () => {
  const app = mkdtempSync(path.join(tmpdir(), "policy-widget-vite-"));
  try {
    cpSync(path.join(ROOT, "e2e", "vite-app"), app, { recursive: true });
    // Installed the way npm would: a copy of the package in node_modules.
    mkdirSync(path.join(app, "node_modules"));
    cpSync(path.join(ROOT, "pkg"), path.join(app, "node_modules", "policy-widget"), { recursive: true });
    const { build } = await import("vite");
    await build({ root: app, configFile: path.join(app, "vite.config.mjs") });
    const assets = readFileSync(path.join(app, "dist", "index.html"), "utf8");
    assert.match(assets, /<script type="module"/);

    const site = await serveDirectory(path.join(app, "dist"));
    try {
      const page = await newPage(browser);
      await page.goto(site.url);
      await page.locator("#from-function").filter({ hasText: "minlength: 10;" }).waitFor();
      await exercisePassword(page, "Password");
      await screenshot(page, "21-vite-app");
      assert.deepEqual(page.errors, []);
      await page.context().close();
    } finally {
      site.close();
    }
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
});

test("in Node, the elements module imports (for SSR) and the functions run", async () => {
  const elements = await import(pathToFileURL(path.join(ROOT, "pkg", "elements", "index.js")));
  for (const name of ["PolicyPasswordElement", "PolicyOriginsElement", "PolicyTokenElement", "PolicySettingsFormElement"]) {
    assert.equal(typeof elements[name], "function", name);
    assert.equal(typeof elements[name].define, "function", `${name}.define`);
  }
  await import(pathToFileURL(path.join(ROOT, "pkg", "elements", "define.js"))); // a no-op without customElements
  const manifest = JSON.parse(readFileSync(path.join(ROOT, "pkg", "package.json"), "utf8"));
  assert.deepEqual(manifest.exports["./elements"], { types: "./elements/index.d.ts", default: "./elements/index.js" });
  assert.deepEqual(manifest.exports["./elements/define"], {
    types: "./elements/define.d.ts",
    default: "./elements/define.js",
  });
  for (const declarations of ["index.d.ts", "define.d.ts"]) {
    assert.ok(existsSync(path.join(ROOT, "pkg", "elements", declarations)), declarations);
  }
  const core = await import(pathToFileURL(path.join(ROOT, "pkg", "policy_widget.js")));
  core.initSync({
    module: readFileSync(path.join(ROOT, "pkg", "policy_widget_core_bg.wasm")),
    password_module: readFileSync(path.join(ROOT, "pkg", "policy_widget_password_bg.wasm")),
  });
  for (const file of manifest.files.filter((name) => !name.endsWith("/"))) {
    assert.ok(existsSync(path.join(ROOT, "pkg", file)), `package.json lists ${file}, which pkg/ lacks`);
  }
  assert.equal(core.checkPassword("violet-harbor-engine-47").ok, true);
});

test("the UI strings exist in every language", async () => {
  const { catalogue } = await import(pathToFileURL(path.join(ROOT, "js", "elements", "i18n.js")));
  const english = Object.keys(catalogue.en).sort();
  for (const language of ["es", "pt"]) {
    assert.deepEqual(Object.keys(catalogue[language]).sort(), english, language);
  }
});

/** A static file server for a directory, on a free port. */
function serveDirectory(directory) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };
  const httpServer = http.createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url, "http://x").pathname);
    const file = path.join(directory, pathname.endsWith("/") ? `${pathname}index.html` : pathname);
    if (!file.startsWith(directory)) return response.writeHead(400).end();
    try {
      const body = readFileSync(file);
      response.writeHead(200, { "Content-Type": types[path.extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    httpServer.listen(0, "127.0.0.1", () => {
      resolve({ url: `http://127.0.0.1:${httpServer.address().port}/`, close: () => httpServer.close() });
    });
  });
}
