// What the browser tests share: the real server on an ephemeral port with a throwaway data
// directory, Debian's Chromium through playwright-core, and the checks every page gets.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, afterEach, before, beforeEach } from "node:test";
import { launchChromium } from "../scripts/chromium.mjs";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const ARTIFACTS = path.join(ROOT, "e2e", "artifacts");
export const ADMIN_TOKEN = "e2e-admin-token-0123456789abcdef";
/** The first admin every e2e server is bootstrapped with. */
export const ADMIN_EMAIL = "ada@example.com";
export const ADMIN_PASSWORD = "vivid-quartz-lantern-42";
const SERVER_BINARY = path.join(ROOT, "target", "release", "policy-widget-server");

/**
 * Makes sure the server binary is built, pkg/ holds the package and a fresh copy of the
 * elements, and target/www/ the page as served (www/ bundled and minified). Cargo returns at
 * once when nothing changed.
 */
export function prepare() {
  if (!existsSync(path.join(ROOT, "pkg", "policy_widget.js"))) {
    throw new Error("pkg/ is missing: run ./dev build first");
  }
  run("node", ["scripts/finish-package.mjs"]);
  run("node", ["scripts/build-page.mjs"]);
  run("cargo", ["build", "--release", "--locked", "-p", "policy-widget-server"]);
  mkdirSync(ARTIFACTS, { recursive: true });
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status})`);
}

/**
 * Starts the real server on a free port, with `args` added to its flags; resolves to
 * { url, token, stop }.
 */
export async function startServer({ args = [] } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "policy-widget-e2e-"));
  const flags = ["--listen", "127.0.0.1:0", "--data-dir", dataDir, "--www-dir", "target/www", "--pkg-dir", "pkg", ...args];
  const child = spawn(SERVER_BINARY, flags, {
    cwd: ROOT,
    env: {
      ...process.env,
      POLICY_WIDGET_ADMIN_TOKEN: ADMIN_TOKEN,
      POLICY_WIDGET_BOOTSTRAP_EMAIL: ADMIN_EMAIL,
      POLICY_WIDGET_BOOTSTRAP_PASSWORD: ADMIN_PASSWORD,
      RUST_LOG: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const url = await new Promise((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${stdout}\n${stderr}`)), 30_000);
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const match = /listening on (\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ""));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}):\n${stderr}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, token: ADMIN_TOKEN, email: ADMIN_EMAIL, password: ADMIN_PASSWORD, stop, stderr: () => stderr };
}

/** Debian's Chromium, headless; never a downloaded browser. `args`: more flags. */
export function launchBrowser(args = []) {
  return launchChromium(args);
}

/**
 * A new page that records console errors and uncaught exceptions in `page.errors`, so each
 * test can assert there were none.
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") page.errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => page.errors.push(`pageerror: ${error.message}`));
  return page;
}

/**
 * Signs in through the page's own sign-in form (as the bootstrap admin, or `email` and
 * `password`) and waits for the settings to load.
 */
export async function signIn(page, server, query = "", { email = server.email, password = server.password } = {}) {
  await page.goto(`${server.url}/${query}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("policy-settings-form .policy-settings-status[data-kind=ok]").waitFor();
}

/** Saves a screenshot of the current state under e2e/artifacts/. */
/**
 * The page's script errors: its console errors but the browser's own line for each HTTP
 * answer whose status is in `expected`, the answers a test causes on purpose.
 */
export function scriptErrors(page, expected) {
  const answer = /^console: Failed to load resource: the server responded with a status of (\d{3})/;
  return page.errors.filter((error) => !expected.includes(Number(answer.exec(error)?.[1])));
}

export function screenshot(page, name) {
  return page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The settings as the server holds them, through the API with the bearer token. */
export async function serverSettings(server) {
  const response = await fetch(`${server.url}/api/settings`, { headers: { Authorization: `Bearer ${server.token}` } });
  return { etag: response.headers.get("ETag"), ...(await response.json()) };
}

/**
 * Saves settings as another admin would, through the API with the bearer token: `change`
 * edits a copy of what the server holds, which is sent with its ETag. Resolves to the
 * server's answer, `{ settings, version, etag }`; throws unless the server took it.
 */
export async function saveSettingsAsAnotherAdmin(server, change) {
  const current = await serverSettings(server);
  const settings = structuredClone(current.settings);
  change(settings);
  const response = await fetch(`${server.url}/api/settings`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${server.token}`, "Content-Type": "application/json", "If-Match": current.etag },
    body: JSON.stringify(settings),
  });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`PUT /api/settings answered ${response.status}: ${JSON.stringify(body)}`);
  return { ...body, etag: response.headers.get("ETag") };
}

/**
 * Changes, on the wire, every settings PUT the page sends from now on: `change` edits the
 * body. The page checks with the same core as the server, so only a tampered request reaches
 * the server invalid.
 */
export function tamperWithSettingsPuts(page, change) {
  return page.route("**/api/settings", async (route) => {
    const request = route.request();
    if (request.method() !== "PUT") return route.continue();
    const body = JSON.parse(request.postData());
    change(body);
    await route.continue({ postData: JSON.stringify(body) });
  });
}

/**
 * A test file's set-up, so that no test's state reaches another: before the file's tests the
 * build is checked (`prepare`) and a browser launched (with `browserArgs()` added to its
 * flags); before each test a server of that test's own is started, with a fresh data folder
 * and `serverArgs()` added to its flags, and `receive(server, browser)` gets both (awaited: a
 * file may set its server up further there); after each test that server stops and its folder
 * is removed, and after the file's tests the browser closes. The arguments are functions so a
 * file's own earlier `before` hook (a proxy, a certificate) can decide them.
 */
export function useServerAndBrowser(receive, { serverArgs = () => [], browserArgs = () => [] } = {}) {
  let server;
  let browser;
  before(async () => {
    prepare();
    browser = await launchBrowser(browserArgs());
  });
  beforeEach(async () => {
    server = await startServer({ args: serverArgs() });
    await receive(server, browser);
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });
  after(async () => {
    await browser?.close();
  });
}
