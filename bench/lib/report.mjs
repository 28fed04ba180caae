// Turns a bench result into the Markdown tables and the SVG chart bench/README.md shows.

const ENGINES = ["policy-widget", "zxcvbn 4.4.2", "zxcvbn-ts 4.2"];
const BUDGET = {
  vsDropbox: 0.5,
  // The goals our own estimator (crates/strength) was written to meet.
  vsDropboxGoal: 0.25,
  passwordModuleKiB: 400,
  frameMs: 16,
  interactiveKiB: 150,
  totalKiB: 738,
  goalKiB: 350,
  coldStartMs: 100,
};

const ms = (value) =>
  value == null ? "—" : value >= 100 ? `${value.toFixed(0)} ms` : value >= 1 ? `${value.toFixed(2)} ms` : `${(value * 1000).toFixed(0)} µs`;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

export function renderMarkdown(r) {
  const out = [];
  out.push(`Run ${r.date} on ${r.machine.cpus} × ${r.machine.model}, Node ${r.machine.node}, ${r.browser.userAgent.match(/HeadlessChrome\/[\d.]+/)?.[0] ?? "Chromium"}.`);
  out.push(`Load average (1/5/15 min): start ${r.load.start.join(" / ")}, after Node ${r.load.afterNode.join(" / ")}, after Chromium ${r.load.afterBrowser.join(" / ")}.`);
  out.push("");
  for (const [where, data] of [["Node", r.node.corpus], ["Chromium", r.browser.corpus]]) {
    out.push(`### Per estimate, 11,000 passwords, interleaved, ${where}`, "");
    out.push("| engine | mean | p50 | p99 | max | leaked mean | random mean | passphrase mean |", "|---|---|---|---|---|---|---|---|");
    for (const name of ENGINES) {
      const s = data[name].all;
      const k = data[name].byKind;
      out.push(`| ${name} | ${ms(s.mean)} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.max)} | ${ms(k.leaked.mean)} | ${ms(k.random.mean)} | ${ms(k.passphrase.mean)} |`);
    }
    out.push("");
  }
  out.push("### Cold start in Chromium (fetch + compile + instantiate + first check, median; the first check alone, worst of the runs)", "");
  out.push("| engine | cold start | first check | transfer brotli | transfer gzip | raw |", "|---|---|---|---|---|---|");
  for (const name of ENGINES) {
    const size = r.browser.engineSizes[name];
    const cold = r.browser.coldStart[name];
    out.push(`| ${name} | ${ms(cold.median)} | ${ms(cold.firstCheckWorst)} | ${kib(size.brotli)} | ${kib(size.gzip)} | ${kib(size.raw)} |`);
  }
  if (r.browser.coldStartCore) {
    out.push("", `Cold start of the core module alone — what the admin page waits for (the password module loads after it) — then a first \`validateSettings\` and \`validateOrigins\` (the bench page, not the admin page's own scripts): **${ms(r.browser.coldStartCore.median)}** (median).`);
  }
  out.push("");
  const page = r.browser.adminPage;
  out.push(`### Everything the admin page loads: ${kib(page.brotli)} brotli, ${kib(page.gzip)} gzip (${kib(page.raw)} raw)`, "");
  out.push("| file | raw | brotli | gzip |", "|---|---|---|---|");
  for (const file of page.files) out.push(`| \`${file.path}\` | ${kib(file.raw)} | ${kib(file.brotli)} | ${kib(file.gzip)} |`);
  out.push("");
  out.push("### Long and pathological inputs (worst of up to 5 runs)", "");
  const lengths = [...new Set(r.node.pathological.map((row) => row.length))];
  const families = [...new Set(r.node.pathological.map((row) => row.family))];
  out.push(`| input | engine | ${lengths.map((l) => `${l} chars`).join(" | ")} |`, `|---|---|${lengths.map(() => "---").join("|")}|`);
  const rows = [
    ...r.browser.pathological.map((row) => ({ ...row, engine: "policy-widget (Chromium)" })),
    ...r.node.pathological.map((row) => ({ ...row, engine: `${row.engine} (Node)` })),
  ];
  for (const family of families) {
    for (const engine of [...new Set(rows.map((row) => row.engine))]) {
      const cells = lengths.map((length) => {
        const row = rows.find((x) => x.family === family && x.length === length && x.engine === engine);
        return row ? (row.skipped ? "skipped (>2 s shorter)" : ms(row.ms)) : "—";
      });
      out.push(`| ${family} | ${engine} | ${cells.join(" | ")} |`);
    }
  }
  out.push("");
  if (r.criterion) {
    out.push("### criterion, native (`cargo bench --bench core`)", "", "| bench | mean | median |", "|---|---|---|");
    for (const [id, e] of Object.entries(r.criterion).sort()) out.push(`| ${id} | ${ms(e.meanNs / 1e6)} | ${ms(e.medianNs / 1e6)} |`);
    out.push("");
  }
  out.push("### Budget", "", "| budget | measured | met |", "|---|---|---|");
  for (const row of budget(r)) out.push(`| ${row.name} | ${row.value} | ${row.met ? "yes" : "**no**"} |`);
  out.push("");
  return out.join("\n");
}

export function budget(r) {
  const rows = [];
  for (const [where, data] of [["Node", r.node.corpus], ["Chromium", r.browser.corpus]]) {
    const ours = data["policy-widget"].all;
    const dropbox = data["zxcvbn 4.4.2"].all;
    rows.push({ name: `${where}: mean ≤ ½ Dropbox's (≤ ${ms(dropbox.mean * BUDGET.vsDropbox)})`, value: ms(ours.mean), met: ours.mean <= dropbox.mean * BUDGET.vsDropbox });
    rows.push({ name: `${where}: p99 ≤ ½ Dropbox's (≤ ${ms(dropbox.p99 * BUDGET.vsDropbox)})`, value: ms(ours.p99), met: ours.p99 <= dropbox.p99 * BUDGET.vsDropbox });
  }
  {
    const ours = r.browser.corpus["policy-widget"].all;
    const dropbox = r.browser.corpus["zxcvbn 4.4.2"].all;
    const goal = BUDGET.vsDropboxGoal;
    rows.push({ name: `goal: Chromium mean ≤ ¼ Dropbox's (≤ ${ms(dropbox.mean * goal)})`, value: `${ms(ours.mean)} (${(ours.mean / dropbox.mean).toFixed(2)}×)`, met: ours.mean <= dropbox.mean * goal });
    rows.push({ name: `goal: Chromium p99 ≤ ¼ Dropbox's (≤ ${ms(dropbox.p99 * goal)})`, value: `${ms(ours.p99)} (${(ours.p99 / dropbox.p99).toFixed(2)}×)`, met: ours.p99 <= dropbox.p99 * goal });
  }
  const passwordModule = r.browser.adminPage.files.find((f) => f.path.endsWith("/policy_widget_password_bg.wasm"));
  if (passwordModule) {
    rows.push({ name: `goal: password module ≤ ${BUDGET.passwordModuleKiB} KiB brotli`, value: kib(passwordModule.brotli), met: passwordModule.brotli <= BUDGET.passwordModuleKiB * 1024 });
  }
  // The first check after load counts too: a keystroke right after the module arrives.
  const firstCheck = r.browser.coldStart["policy-widget"].firstCheckWorst ?? 0;
  const worstBrowser = Math.max(...r.browser.pathological.map((row) => row.ms), r.browser.corpus["policy-widget"].all.max, firstCheck);
  rows.push({ name: "no input up to maxLength over 16 ms (Chromium, worst case, the first check after load included)", value: ms(worstBrowser), met: worstBrowser <= BUDGET.frameMs });
  const page = r.browser.adminPage.brotli;
  const interactive = page - lazyBytes(r.browser.adminPage);
  rows.push({
    name: "interactive after ≤ 150 KiB brotli (all but the password module and the signed-in views)",
    value: kib(interactive),
    met: interactive <= BUDGET.interactiveKiB * 1024,
  });
  rows.push({ name: "everything < 738 KiB brotli", value: kib(page), met: page < BUDGET.totalKiB * 1024 });
  rows.push({ name: "goal: everything < 350 KiB brotli", value: kib(page), met: page < BUDGET.goalKiB * 1024 });
  if (r.browser.coldStartCore) {
    const core = r.browser.coldStartCore.median;
    rows.push({ name: "cold start to the first checks < 100 ms (core module alone, Chromium)", value: ms(core), met: core < BUDGET.coldStartMs });
  }
  const cold = r.browser.coldStart["policy-widget"].median;
  rows.push({ name: "cold start to the first checkPassword < 100 ms (both modules, Chromium)", value: ms(cold), met: cold < BUDGET.coldStartMs });
  return rows;
}

/**
 * The brotli bytes the admin page loads after it is interactive: the password module, and
 * the people views a signed-in member's page imports (www/people-start.js).
 */
export function lazyBytes(adminPage) {
  const later = (path) => path.endsWith("/policy_widget_password_bg.wasm") || path === "/people.js";
  return adminPage.files.filter((f) => later(f.path)).reduce((sum, f) => sum + f.brotli, 0);
}

/** Four bar panels (mean, p99, cold start, brotli size), one bar per engine, log-free. */
export function renderChart(r) {
  const panels = [
    { title: "mean per estimate (Chromium)", unit: "µs", values: ENGINES.map((n) => r.browser.corpus[n].all.mean * 1000) },
    { title: "p99 per estimate (Chromium)", unit: "ms", values: ENGINES.map((n) => r.browser.corpus[n].all.p99) },
    { title: "cold start to first check", unit: "ms", values: ENGINES.map((n) => r.browser.coldStart[n].median) },
    { title: "transfer size, brotli", unit: "KiB", values: ENGINES.map((n) => r.browser.engineSizes[n].brotli / 1024) },
  ];
  const colors = ["#2563eb", "#9ca3af", "#d97706"];
  const width = 760;
  const panelWidth = width / 2;
  const panelHeight = 190;
  const height = panelHeight * 2 + 50;
  const esc = (text) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title>policy-widget vs zxcvbn 4.4.2 vs zxcvbn-ts 4.2</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
  ];
  panels.forEach((panel, p) => {
    const x0 = (p % 2) * panelWidth + 20;
    const y0 = Math.floor(p / 2) * panelHeight + 20;
    const max = Math.max(...panel.values);
    parts.push(`<text x="${x0}" y="${y0 + 12}" font-weight="600">${esc(panel.title)}</text>`);
    panel.values.forEach((value, e) => {
      const barMax = panelWidth - 200;
      const w = Math.max(1, (value / max) * barMax);
      const y = y0 + 30 + e * 45;
      const label = value >= 100 ? value.toFixed(0) : value.toFixed(1);
      parts.push(`<text x="${x0}" y="${y + 15}">${esc(ENGINES[e])}</text>`);
      parts.push(`<rect x="${x0 + 95}" y="${y + 2}" width="${w.toFixed(1)}" height="18" fill="${colors[e]}" rx="2"/>`);
      parts.push(`<text x="${x0 + 100 + w}" y="${y + 15}">${label} ${panel.unit}</text>`);
    });
  });
  const note = `Same 11,000 passwords, interleaved, headless Chromium; load ${r.load.afterBrowser.join("/")}`;
  parts.push(`<text x="20" y="${height - 12}" fill="#555">${esc(note)}</text>`, "</svg>");
  return parts.join("\n") + "\n";
}
