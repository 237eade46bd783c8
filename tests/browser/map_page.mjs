// Browser test of the offline HTML map (`corridors map --html`, the flagship example's
// out/map.html) in Debian's headless Chromium, driven over the DevTools protocol by
// playwright-core (no browser download: executablePath is the system Chromium).
//
// usage: node tests/browser/map_page.mjs PAGE.html [--hubs data/mexico/hubs.geojson]
//          [--segments data/mexico/segments.geojson] [--layers "Network: road,Hubs by kind"]
//          [--hover SEGMENT_ID] [--screenshot docs/map_html.png] [--bench]
// Fails (exit 1) on any console error, page error, failed request, or request to anything
// but the page file itself and data: URLs. Prints "N passed, N failed".
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

// playwright-core is installed by scripts/ci_browser.sh into PLAYWRIGHT_DIR (not committed)
const require = createRequire(path.resolve(process.env.PLAYWRIGHT_DIR ?? "target/browser-test") + "/");
const { chromium } = require("playwright-core");

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const pagePath = path.resolve(argv[0] ?? "out/map.html");
const pageUrl = pathToFileURL(pagePath).href;
const bench = argv.includes("--bench");
const exe = process.env.CHROMIUM ?? "/usr/bin/chromium";

let passed = 0;
let failed = 0;
const check = (ok, what) => {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
};

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "corridors-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: exe,
  headless: true,
  viewport: { width: 1280, height: 860 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = context.pages()[0] ?? (await context.newPage());
const problems = [];
page.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); });
page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
page.on("requestfailed", (r) => problems.push(`failed request: ${r.url()} ${r.failure()?.errorText}`));
page.on("request", (r) => {
  const u = r.url();
  if (u !== pageUrl && !u.startsWith("data:")) problems.push(`request to ${u}`);
});

const t0 = Date.now();
await page.goto(pageUrl, { waitUntil: "load" });
await page.waitForFunction(() => window.corridorsRenderedMs !== undefined, null, { timeout: 120000 });
const [renderedMs, startMs, parsedMs, builtMs] = await page.evaluate(() =>
  [window.corridorsRenderedMs, window.corridorsScriptStartMs, window.corridorsParsedMs, window.corridorsBuiltMs]);
const wallMs = Date.now() - t0;
const parts = startMs === undefined ? "" : `; HTML read ${startMs.toFixed(0)} ms, data parsed ${(parsedMs - startMs).toFixed(0)} ms, ` +
  `layers built ${(builtMs - parsedMs).toFixed(0)} ms, controls and first frame ${(renderedMs - builtMs).toFixed(0)} ms`;
console.log(`first render: ${renderedMs.toFixed(0)} ms after navigation start (${wallMs} ms wall incl. launch-free goto${parts})`);
check(true, `page opened (${(fs.statSync(pagePath).size / 1e6).toFixed(2)} MB)`);

const ids = (file) => JSON.parse(fs.readFileSync(file, "utf8")).features.map((f) => String(f.properties.id));
const drawn = (kind) => page.evaluate((k) => {
  const out = {};
  for (const el of document.querySelectorAll(`#map path[data-kind="${k}"]`)) out[el.getAttribute("data-id")] = true;
  return Object.keys(out);
}, kind);

const canvas = await page.evaluate(() => window.corridorsCanvas === true);
if (canvas) {
  // large pages draw every layer on one canvas: no element per feature, so the page reports
  // how many features of each shown layer its last full redraw drew (the whole data is in view)
  const r = await page.evaluate(() => {
    const D = window.corridorsData;
    const map = window.corridorsMap;
    return D.layers.map((l) => [l.title, l.data.features.length, map.hasLayer(l.group), (window.corridorsDrawn || {})[l.title]]);
  });
  for (const [title, n, shown, drawnN] of r) {
    if (shown) check(drawnN === n, `canvas: every feature of "${title}" drawn (${drawnN}/${n})`);
  }
}
if (opt("--segments") && !canvas) {
  const want = ids(opt("--segments"));
  const got = new Set(await drawn("line"));
  const missing = want.filter((id) => !got.has(id));
  check(missing.length === 0, `every segment drawn (${want.length - missing.length}/${want.length})${missing.length ? " missing " + missing.slice(0, 5) : ""}`);
}
if (opt("--hubs") && !canvas) {
  const want = ids(opt("--hubs"));
  const got = new Set(await drawn("point"));
  const missing = want.filter((id) => !got.has(id));
  check(missing.length === 0, `every hub drawn (${want.length - missing.length}/${want.length})${missing.length ? " missing " + missing.slice(0, 5) : ""}`);
}
if (opt("--layers")) {
  const listed = await page.$$eval(".leaflet-control-layers-overlays label span span, .leaflet-control-layers-overlays label span",
    (els) => els.map((e) => e.textContent.trim()));
  for (const want of opt("--layers").split(",")) {
    check(listed.includes(want), `layer control lists "${want}"`);
  }
}
for (const [sel, what] of [["#legend .row", "legend rows"], [".leaflet-control-scale-line", "scale bar"],
  ["#title", "title"], ["#privacy-note", "privacy note"], [".leaflet-control-attribution", "attribution"]]) {
  check((await page.$$(sel)).length > 0, `${what} shown`);
}
const privacy = await page.textContent("#privacy-note").catch(() => "");
check(/counts below k = \d+ are not shown/.test(privacy ?? ""), `privacy note reads "${privacy}"`);

if (bench) {
  // pan smoothness: the time of each frame while the view is moved by 250 px 24 times
  // (8 east, 4 south, 8 west, 4 north), each move followed by one animation frame; at the
  // first view, then two and four zoom levels closer
  for (const zoomIn of [0, 2, 2]) {
    const frames = await page.evaluate(async (zoomIn) => {
      const map = window.corridorsMap;
      if (zoomIn) map.setZoom(map.getZoom() + zoomIn, { animate: false });
      await new Promise((res) => requestAnimationFrame(() => res()));
      const r = window.corridorsRenderer;
      const redraws0 = r ? r.redraws : 0;
      const steps = [].concat(Array(8).fill([250, 0]), Array(4).fill([0, 250]), Array(8).fill([-250, 0]), Array(4).fill([0, -250]));
      const times = [];
      for (const d of steps) {
        const t = performance.now();
        map.panBy(d, { animate: false });
        await new Promise((res) => requestAnimationFrame(() => res()));
        times.push(performance.now() - t);
      }
      const sorted = [...times].sort((a, b) => a - b);
      return { zoom: map.getZoom(), median: sorted[sorted.length >> 1], max: sorted[sorted.length - 1], n: times.length, redraws: r ? r.redraws - redraws0 : null, slow: times.filter((t) => t > 100).length };
    }, zoomIn);
    console.log(`pan at zoom ${frames.zoom}: ${frames.n} moves of 250 px, frame median ${frames.median.toFixed(1)} ms, worst ${frames.max.toFixed(1)} ms, ${frames.slow} frames over 100 ms${frames.redraws === null ? "" : `, ${frames.redraws} canvas redraws`}`);
  }
}
if (opt("--hover")) {
  const id = opt("--hover");
  // on a canvas page: the screen position of the segment's middle vertex (or the middle of a
  // two-vertex line), from the segments file
  const seg = canvas && opt("--segments")
    ? JSON.parse(fs.readFileSync(opt("--segments"), "utf8")).features.find((f) => String(f.properties.id) === id)
    : null;
  const at = canvas ? await page.evaluate((c) => {
    if (!c) return null;
    const k = Math.floor((c.length - 1) / 2);
    const lon = c.length % 2 ? c[k][0] : (c[k][0] + c[k + 1][0]) / 2;
    const lat = c.length % 2 ? c[k][1] : (c[k][1] + c[k + 1][1]) / 2;
    const map = window.corridorsMap;
    map.setView([lat, lon], 12, { animate: false }); // close enough that the line is long on screen
    const p = map.latLngToContainerPoint([lat, lon]);
    const r = map.getContainer().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, seg ? seg.geometry.coordinates : null) : await page.evaluate((id) => {
    // a point on the segment where it is the topmost element (other layers may cover parts)
    for (const el of document.querySelectorAll(`#map path[data-kind="line"][data-id="${CSS.escape(id)}"]`)) {
      const len = el.getTotalLength();
      const m = el.getScreenCTM();
      for (let t = 0.5, k = 0; k < 40; k++, t = 0.5 + (k % 2 ? 1 : -1) * Math.ceil(k / 2) / 42) {
        const p = el.getPointAtLength(len * t);
        const x = p.x * m.a + p.y * m.c + m.e;
        const y = p.x * m.b + p.y * m.d + m.f;
        if (document.elementFromPoint(x, y) === el) return { x, y };
      }
    }
    return null;
  }, id);
  check(at !== null, `segment ${id} found for hover`);
  if (at) {
    await page.mouse.move(at.x, at.y);
    const tip = await page.waitForSelector(".leaflet-tooltip", { timeout: 5000 })
      .then(() => page.$$eval(".leaflet-tooltip", (els) => els.map((e) => e.textContent).join(" | ")))
      .catch(() => null);
    const want = opt("--hover-text");
    check(tip !== null && (!want || tip.includes(want)), `hover on ${id} shows tooltip "${tip}"`);
    await page.mouse.click(at.x, at.y);
    const pop = await page.waitForSelector(".leaflet-popup-content", { timeout: 5000 }).then((e) => e.textContent()).catch(() => null);
    check(pop !== null && pop.includes(id), `click on ${id} shows its properties`);
    await page.mouse.click(30, 840); // close the popup (click on the map, away from features)
    await page.mouse.move(5, 5);
  }
}
if (opt("--screenshot")) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: opt("--screenshot") });
  console.log(`screenshot: ${opt("--screenshot")}`);
}
await context.close();
fs.rmSync(userDataDir, { recursive: true, force: true });
for (const p of problems) console.log(`FAIL ${p}`);
check(problems.length === 0, `no console error, page error or outside request (${problems.length})`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
