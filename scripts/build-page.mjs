// Builds the admin page the server serves, target/www/, from www/: a copy of www/ in which
// each module script of index.html (admin.js) is replaced by a minified bundle of it, the
// elements it imports (js/elements/) and the package's entry (js/policy_widget.js with the
// wasm-bindgen glue from pkg/), and each stylesheet of index.html is minified, each with
// .br/.gz copies. The people views (people.js, with api-tokens.js) are a bundle of their own
// that the page imports after a sign-in; what the two share is split into chunks, which
// index.html preloads: a visitor who has not signed in downloads less before the page is
// interactive (bench/README.md), in requests made side by side. js/elements/ is copied as is
// to elements/ beside them (the page's stylesheet is elements/elements.css). Built in
// target/www.tmp/, which replaces target/www/ only once all of it worked: a failed build
// never leaves a half-built page to be served or measured. Run by `./dev build` after
// finish-package.mjs, and by the e2e tests.
import { cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, transformSync } from "esbuild";
import { writeCompressed } from "./compress.mjs";

const source = new URL("../www/", import.meta.url);
const target = new URL("../target/www/", import.meta.url);
const out = new URL("../target/www.tmp/", import.meta.url);

const pkg = new URL("../pkg/", import.meta.url);
const glue = ["policy_widget_core.js", "policy_widget_password.js"];
for (const file of glue) {
  const path = fileURLToPath(new URL(file, pkg));
  if (!existsSync(path)) throw new Error(`${path} is missing: build the package first (./dev build)`);
}

rmSync(out, { recursive: true, force: true });
cpSync(source, out, { recursive: true });
cpSync(new URL("../js/elements/", import.meta.url), new URL("elements/", out), { recursive: true });

// What index.html loads, by its root-relative URLs.
const html = readFileSync(new URL("index.html", source), "utf8");
const referenced = (pattern) => [...html.matchAll(pattern)].map((match) => match[1]);
const scripts = referenced(/<script type="module" src="\/([^"]+\.js)"/g);
const styles = referenced(/<link rel="stylesheet" href="\/([^"]+\.css)"/g);
if (scripts.length === 0 || styles.length === 0) {
  throw new Error(`www/index.html: expected module scripts and stylesheets, found ${scripts} and ${styles}`);
}

// esbuild prints errors and warnings; an error throws, and a warning fails the build too
// (CSS syntax errors are only warnings to esbuild, and the page has none today).
const noWarnings = ({ warnings }, what) => {
  if (warnings.length > 0) throw new Error(`${what}: esbuild warned (above); fix it`);
};

// The entry's imports of the two wasm-bindgen glue modules, which wasm-pack writes to pkg/.
const packageGlue = {
  name: "package-glue",
  setup(build) {
    build.onResolve({ filter: /^\.\/policy_widget_(core|password)\.js$/ }, (args) => ({
      path: fileURLToPath(new URL(args.path, pkg)),
    }));
  },
};

// Scripts the page imports later, when a view needs them (www/people-start.js): bundled as
// entries of their own, so each keeps its name, and what they share with the page's scripts
// goes into a chunk both import.
const later = ["people.js"];

const bundle = await build({
  entryPoints: [...scripts, ...later].map((file) => fileURLToPath(new URL(file, source))),
  splitting: true,
  chunkNames: "chunk-[hash]",
  metafile: true,
  outbase: fileURLToPath(source),
  outdir: fileURLToPath(out),
  allowOverwrite: true,
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  legalComments: "none",
  logLevel: "warning",
  // elements/package-loader.js's `import("../policy_widget.js")` is the package's entry:
  // bundled in, so the page fetches its scripts in one request and brotli sees them
  // together; admin.js points the entry at /pkg/'s .wasm files.
  plugins: [packageGlue],
});
noWarnings(bundle, scripts.join(", "));

for (const file of styles) {
  const path = new URL(file, out);
  const result = transformSync(readFileSync(path, "utf8"), {
    loader: "css",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
    sourcefile: `www/${file}`,
  });
  noWarnings(result, file);
  writeFileSync(path, result.code);
}

// The sizes of what the page loads (the favicon aside), brotli at quality 11 as bench/
// measures, and the pre-compressed copies the server sends (see compress.mjs).
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`.padStart(10);
let raw = 0;
let compressed = 0;
// What the page's scripts need at start, shared chunks and the package's entry (a dynamic
// import in the elements' loader): announced in index.html with modulepreload, so the
// browser fetches them beside admin.js instead of one after another. The `later` entries
// are left to load when wanted.
const relative = (path) => fileURLToPath(new URL(path, pathToFileURL(`${process.cwd()}/`))).slice(fileURLToPath(out).length);
const byName = new Map(Object.entries(bundle.metafile.outputs).map(([path, output]) => [relative(path), output]));
const atStart = new Set();
const walk = (file) => {
  for (const { path } of byName.get(file)?.imports ?? []) {
    const name = relative(path);
    if (later.includes(name) || atStart.has(name) || scripts.includes(name)) continue;
    atStart.add(name);
    walk(name);
  }
};
scripts.forEach(walk);
const indexPath = new URL("index.html", out);
const preloads = [...atStart].map((name) => `<link rel="modulepreload" href="/${name}">`).join("\n    ");
const indexHtml = readFileSync(indexPath, "utf8");
const scriptTag = /( *)<script type="module" src="\/[^"]+\.js"><\/script>\n/;
if (!scriptTag.test(indexHtml)) throw new Error("www/index.html: no module script to put the preloads after");
writeFileSync(indexPath, indexHtml.replace(scriptTag, (tag, indent) => `${tag}${indent}${preloads}\n`));

// Every script esbuild wrote, shared chunks included, by its path under target/www.tmp/.
const outputs = [...byName.keys()];
console.log("target/www/ (the admin page)       raw    brotli");
for (const file of ["index.html", ...outputs, ...styles]) {
  const url = new URL(file, out);
  const bytes = readFileSync(url);
  const size = writeCompressed(url);
  raw += bytes.length;
  compressed += size;
  console.log(`  ${file.padEnd(28)}${kib(bytes.length)}${kib(size)}`);
}
console.log(`  ${"total".padEnd(28)}${kib(raw)}${kib(compressed)}`);

rmSync(target, { recursive: true, force: true });
renameSync(out, target);
