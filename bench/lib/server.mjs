// A static file server for the Chromium runs: `/pkg/` is the built package, `/node_modules/`
// and `/bench/` the competitors and the bench pages, everything else the admin page as the
// server ships it (target/www/: www/ bundled and minified by scripts/build-page.mjs).
// Cross-origin isolated (COOP/COEP), so performance.now() has 5 µs resolution, not 100 µs.
import { createServer } from "node:http";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
};

function fileFor(pathname) {
  const path = normalize(decodeURIComponent(pathname));
  if (path.includes("..")) return null;
  for (const prefix of ["/pkg/", "/node_modules/", "/bench/"]) {
    if (path.startsWith(prefix)) return ROOT + path.slice(1);
  }
  return ROOT + "target/www" + (path === "/" ? "/index.html" : path);
}

/** Starts the server on a free port; resolves to `{ origin, close }`. */
export function serve() {
  // Without it the admin page would answer 404 and its transfer size would be counted as ~0.
  if (!existsSync(ROOT + "target/www/index.html")) {
    throw new Error("target/www/ is missing: run ./dev build (or node scripts/build-page.mjs) first");
  }
  const server = createServer(async (request, response) => {
    const file = fileFor(new URL(request.url, "http://x").pathname);
    try {
      if (!file) throw new Error("bad path");
      const body = await readFile(file);
      response.writeHead(200, {
        "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
        "Cache-Control": "no-store",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Embedder-Policy": "require-corp",
      });
      response.end(body);
    } catch {
      response.writeHead(404, { "Content-Type": "text/plain" });
      response.end("not found");
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}
