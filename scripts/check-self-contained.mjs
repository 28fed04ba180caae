// A clone of the repository must build and pass its tests with nothing beside it. This check
// fails, naming the file and line, when a file the repository holds refers to something
// outside it: a relative path that climbs out of the checkout, a path of the machine it was
// written on, a Markdown link or a `*.md` document that no file of the repository answers,
// or an issue number (the tracker is not part of a clone; say what, not which ticket).
//
//   node scripts/check-self-contained.mjs      (run by `./dev test` before anything else)

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Files that are data from elsewhere or generated, not prose or code of ours: they are not read.
const SKIPPED = [
  /(^|\/)Cargo\.lock$/,
  /(^|\/)package-lock\.json$/,
  /^fuzz\/corpus\//,
  /^bench\/corpus\.txt$/,
  /^bench\/results\/.*\.json$/,
  /^tests\/data\//,
  /^src\/password\/common-passwords\.(txt|ranks|extra\.txt)$/,
  /^server\/tests\/malformed\//, // hostile requests, path traversal among them
  /^scripts\/check-self-contained\.mjs$/, // its own patterns; tests/node/self-contained.test.mjs tests it
];

// Absolute paths of the machines this project is written on.
const MACHINE_PATH = /(?<![\w.~-])\/work\//;
const ISSUE_NUMBER = /\b[Ii]ssues? #?\d+\b|\b[Tt]asks? #?\d+\b/;
const CLIMB = /(?:\.\.\/)+[\w@-][\w.@/-]*/g;
// The folder beside our checkouts that holds the design and the peers' test data.
const SHARED = /\.\.\/shared\b/;
// The folder's name as the message shows it, spelt so this file does not match SHARED itself.
const SHARED_NAME = ["..", "shared"].join("/");
const MARKDOWN_LINK = /\]\(([^)\s#]+)(?:#[^)]*)?\)/g;
const DOCUMENT = /(?<![\w/.-])((?:[\w-]+\/)*[\w-]+\.md)\b/g;

/**
 * The references in one file that point outside the repository.
 *
 * @param {string} file the file's path, relative to the repository root, with `/`
 * @param {string} text its contents
 * @param {Set<string>} files every path the repository holds (files and their folders)
 * @returns {{ line: number, reason: string }[]}
 */
export function outsideReferences(file, text, files) {
  const found = [];
  const dir = path.posix.dirname(file);
  const manifestDir = nearestManifestDir(file, files);
  text.split("\n").forEach((lineText, index) => {
    const line = index + 1;
    const report = (reason) => found.push({ line, reason });
    // In prose a relative path is often relative to another file (`../policy_widget.js` of an
    // element), so Markdown is held to its links, and to the shared folder by name.
    const climbs = file.endsWith(".md") ? [] : lineText.matchAll(CLIMB);
    for (const match of climbs) {
      // `env!("CARGO_MANIFEST_DIR"), "/../x"` is relative to the crate's folder.
      const base = lineText.includes("CARGO_MANIFEST_DIR") ? manifestDir : dir;
      if (escapes(base, match[0])) report(`\`${match[0]}\` climbs out of the repository`);
    }
    if (SHARED.test(lineText) && !found.some((f) => f.line === line)) report(`\`${SHARED_NAME}\` is beside our checkouts, not in a clone`);
    if (MACHINE_PATH.test(lineText)) report("an absolute path of the machine it was written on");
    const issue = lineText.match(ISSUE_NUMBER);
    if (issue) report(`\`${issue[0]}\` names a ticket a clone does not have`);
    if (file.endsWith(".md")) {
      for (const match of lineText.matchAll(MARKDOWN_LINK)) {
        const target = match[1];
        if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("/")) continue;
        const resolved = path.posix.normalize(path.posix.join(dir, decodeURI(target))).replace(/\/$/, "");
        if (resolved.startsWith("..")) report(`the link \`${target}\` climbs out of the repository`);
        else if (!files.has(resolved)) report(`the link \`${target}\` points at nothing in the repository`);
      }
    }
    for (const match of lineText.matchAll(DOCUMENT)) {
      const name = match[1];
      const known = [...files].some((f) => f === name || f.endsWith(`/${name}`));
      if (!known) report(`\`${name}\` is not a document of the repository`);
    }
  });
  return found;
}

function escapes(base, relative) {
  const joined = path.posix.normalize(path.posix.join(base, relative));
  return joined === ".." || joined.startsWith("../");
}

function nearestManifestDir(file, files) {
  let dir = path.posix.dirname(file);
  for (;;) {
    const manifest = dir === "." ? "Cargo.toml" : `${dir}/Cargo.toml`;
    if (files.has(manifest) || dir === ".") return dir;
    dir = path.posix.dirname(dir);
  }
}

/** Every path the repository holds: tracked files, untracked ones git does not ignore, and their folders. */
function repositoryFiles(root) {
  const list = (...args) =>
    execFileSync("git", ["ls-files", "-z", ...args], { cwd: root, encoding: "utf8" }).split("\0").filter(Boolean);
  const files = [...list("--cached"), ...list("--others", "--exclude-standard")];
  const all = new Set(files);
  for (const file of files) {
    for (let dir = path.posix.dirname(file); dir !== "."; dir = path.posix.dirname(dir)) all.add(dir);
  }
  return { files, all };
}

function main() {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const { files, all } = repositoryFiles(root);
  let problems = 0;
  for (const file of files) {
    if (SKIPPED.some((pattern) => pattern.test(file))) continue;
    let bytes;
    try {
      bytes = readFileSync(path.join(root, file));
    } catch {
      continue; // deleted in the working tree but still in the index
    }
    if (bytes.includes(0)) continue; // binary
    for (const { line, reason } of outsideReferences(file, bytes.toString("utf8"), all)) {
      console.error(`${file}:${line}: ${reason}`);
      problems += 1;
    }
  }
  if (problems > 0) {
    console.error(
      `\n${problems} reference(s) to things outside the repository: a fresh clone has none of them. ` +
        "Copy what is needed into the repository (with its source named) or say it in words.",
    );
    process.exit(1);
  }
  console.log(`self-contained: ${files.length} files refer to nothing outside the repository`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
