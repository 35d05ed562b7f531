// Times our wasm extraction against Mozilla's Readability.js in one
// headless Chromium, on the same pages, and writes both extractors'
// results as JSON Lines for scoring.
//
// usage: node speed.mjs PKG_DIR OUT_DIR [--rounds N] [--chromium PATH] < PAGES
//
// PAGES are "PATH<TAB>URL" lines, the form `score_extraction.py pages`
// prints. PKG_DIR contains the wasm-bindgen `--target web` output of a build
// with the `bench-wasm` feature. OUT_DIR receives ours-wasm.jsonl,
// readability.jsonl and speed.json.

import { createServer } from "node:http";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const benchDir = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const options = { rounds: 5, chromium: "/usr/bin/chromium" };
  const positional = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === "--rounds") options.rounds = Number(argv[++index]);
    else if (arg === "--chromium") options.chromium = argv[++index];
    else positional.push(arg);
  }
  if (positional.length !== 2 || !(options.rounds > 0)) {
    console.error("usage: node speed.mjs PKG_DIR OUT_DIR [--rounds N] [--chromium PATH] < PAGES");
    process.exit(2);
  }
  [options.pkg, options.out] = positional.map((path) => resolve(path));
  return options;
}

const MIME = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

// Serves the benchmark page, the wasm package and Readability.js on a
// loopback port chosen by the system.
function serve(pkg) {
  const roots = {
    "/pkg/": pkg,
    "/readability/": join(benchDir, "node_modules", "@mozilla", "readability"),
  };
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://127.0.0.1").pathname);
    let file = null;
    if (path === "/" || path === "/speed.html") file = join(benchDir, "speed.html");
    for (const [prefix, root] of Object.entries(roots)) {
      if (path.startsWith(prefix) && !path.includes("..")) file = join(root, path.slice(prefix.length));
    }
    try {
      const body = readFileSync(file);
      response.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404);
      response.end();
    }
  });
  return new Promise((ready) => server.listen(0, "127.0.0.1", () => ready(server)));
}

// Builds a 2 MB page that is almost all article text: a navigation list,
// then sections of paragraphs with links, then a footer. It is the worst
// case for the renderer, far more text than any real article has.
function syntheticPage(bytes) {
  const nav = Array.from({ length: 50 }, (_, i) => `<li><a href="/s/${i}">Section ${i}</a></li>`).join("");
  const paragraph =
    "<p>The committee met on Tuesday to weigh the proposal, which would widen the bridge, " +
    'add a <a href="/cycle">cycle lane</a> and close the old ramp, and members said the cost, ' +
    "now put at four million, would be shared by the two towns over ten years.</p>";
  const sections = [];
  let size = 0;
  for (let index = 0; size < bytes; index++) {
    const section = `<section><h2>Part ${index}</h2>${paragraph.repeat(8)}</section>`;
    sections.push(section);
    size += section.length;
  }
  return (
    `<!doctype html><html lang="en"><head><title>Bridge plan | Town News</title></head><body>` +
    `<nav><ul>${nav}</ul></nav><article><h1>Bridge plan</h1>${sections.join("")}</article>` +
    `<footer>© Town News</footer></body></html>`
  );
}

// Builds a 2 MB page shaped like a large news page: most bytes in inline
// scripts, styles and attribute-heavy layout, a 40-paragraph article, and
// navigation, teasers and a footer around it.
function typicalPage(bytes) {
  const script = `<script>window.__STATE__ = ${JSON.stringify({ items: Array.from({ length: 4000 }, (_, i) => ({ id: i, title: `Story ${i}`, url: `/story/${i}` })) })};</script>`;
  const style = `<style>${Array.from({ length: 3000 }, (_, i) => `.c-${i}{margin:${i % 7}px;padding:${i % 5}px}`).join("")}</style>`;
  const nav = `<nav class="site-nav"><ul>${Array.from({ length: 300 }, (_, i) => `<li class="nav-item" data-track="nav-${i}"><a href="/s/${i}">Section ${i}</a></li>`).join("")}</ul></nav>`;
  const paragraph = (i) => `<p>Paragraph ${i}: the committee met on Tuesday to weigh the proposal, which would widen the bridge, add a <a href="/cycle">cycle lane</a> and close the old ramp, members said.</p>`;
  const article = `<article class="article"><h1>Bridge plan</h1>${Array.from({ length: 40 }, (_, i) => paragraph(i)).join("")}<figure><img src="/img/bridge.jpg" alt="The bridge"><figcaption>The old bridge.</figcaption></figure></article>`;
  const teaser = (i) => `<div class="teaser" data-id="${i}" data-position="${i}" data-analytics='{"slot":${i},"kind":"teaser"}'><a class="teaser__link" href="/story/${i}"><img class="teaser__image" src="/img/${i}.jpg" srcset="/img/${i}-320.jpg 320w, /img/${i}-640.jpg 640w" alt=""><span class="teaser__title">Story ${i} in a few words</span></a></div>`;
  let aside = "";
  for (let i = 0; script.length + style.length + nav.length + article.length + aside.length < bytes - 2000; i++) aside += teaser(i);
  return `<!doctype html><html lang="en"><head><title>Bridge plan | Town News</title>${style}${script}</head><body>${nav}<main>${article}<aside class="sidebar">${aside}</aside></main><footer>© Town News</footer></body></html>`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function readPages() {
  const pages = [];
  for await (const line of createInterface({ input: process.stdin })) {
    const [path, url] = line.split("\t");
    if (path?.trim()) pages.push({ path: path.trim(), url: (url ?? "").trim() || `file://${path.trim()}` });
  }
  return pages;
}

const options = parseArgs(process.argv.slice(2));
const pages = await readPages();
mkdirSync(options.out, { recursive: true });
const server = await serve(options.pkg);
const browser = await chromium.launch({
  executablePath: options.chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage();
page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
await page.goto(`http://127.0.0.1:${server.address().port}/speed.html`);
await page.waitForFunction(() => window.ready === true);

// Decodes a saved page the way the command-line program does: a byte
// order mark, then valid UTF-8, then the charset a <meta> tag declares in
// the first 8192 bytes, then windows-1252. Both extractors get the same
// text.
function decodeHtml(bytes) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const head = new TextDecoder("latin1").decode(bytes.subarray(0, 8192)).toLowerCase();
    const declared = head.match(/<meta[^>]*charset\s*=\s*["']?\s*([a-z0-9_:.-]+)/)?.[1];
    for (const label of [declared, "windows-1252"]) {
      if (!label || label.startsWith("utf-16")) continue;
      try {
        return new TextDecoder(label).decode(bytes);
      } catch {
        // An unknown label falls through to windows-1252.
      }
    }
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

const ours = [];
const theirs = [];
const timings = [];
for (const [index, { path, url }] of pages.entries()) {
  const html = decodeHtml(readFileSync(path));
  const result = await page.evaluate(([html, url]) => window.extractBoth(html, url), [html, url]);
  ours.push(JSON.stringify({ path, ...result.ours }));
  const readability = result.theirs ?? {};
  theirs.push(JSON.stringify({
    path, url, title: readability.title, byline: readability.byline, siteName: readability.siteName,
    publishedTime: readability.publishedTime, lang: readability.lang, excerpt: readability.excerpt,
    text: readability.textContent ?? "", error: readability.error,
  }));
  const time = await page.evaluate(([html, url, rounds]) => window.timePage(html, url, rounds), [html, url, options.rounds]);
  timings.push({ path, bytes: html.length, ...time, ratio: time.ours / time.theirs });
  if ((index + 1) % 100 === 0) console.error(`${index + 1}/${pages.length} pages`);
}

const big = syntheticPage(2 * 1024 * 1024);
const bigTime = await page.evaluate(([html, rounds]) => window.timePage(html, "https://news.example/bridge", rounds), [big, options.rounds]);
const typical = typicalPage(2 * 1024 * 1024);
const typicalTime = await page.evaluate(([html, rounds]) => window.timePage(html, "https://news.example/bridge", rounds), [typical, options.rounds]);

await browser.close();
server.close();

writeFileSync(join(options.out, "ours-wasm.jsonl"), ours.join("\n") + "\n");
writeFileSync(join(options.out, "readability.jsonl"), theirs.join("\n") + "\n");
const summary = {
  pages: timings.length,
  rounds: options.rounds,
  medianRatio: median(timings.map((t) => t.ratio)),
  medianOursMs: median(timings.map((t) => t.ours)),
  medianReadabilityMs: median(timings.map((t) => t.theirs)),
  totalOursMs: timings.reduce((sum, t) => sum + t.ours, 0),
  totalReadabilityMs: timings.reduce((sum, t) => sum + t.theirs, 0),
  synthetic2MB: { bytes: big.length, oursMs: bigTime.ours, readabilityMs: bigTime.theirs },
  typical2MB: { bytes: typical.length, oursMs: typicalTime.ours, readabilityMs: typicalTime.theirs },
  slowest: [...timings].sort((a, b) => b.ours - a.ours).slice(0, 5),
};
writeFileSync(join(options.out, "speed.json"), JSON.stringify({ summary, timings }, null, 1));
console.log(JSON.stringify(summary, null, 1));
