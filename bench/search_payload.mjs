// What a search loads: for each query, the bytes of the search scripts a browser fetches on
// the search page of a built site, served over HTTP.
//
//   node bench/search_payload.mjs SITE_DIR QUERY ...
//
// Needs the browser tests' packages (npm ci --ignore-scripts in tests/browser) and /usr/bin/chromium.
import { chromium } from "../tests/browser/node_modules/playwright-core/index.mjs";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
const SITE = process.argv[2];
const server = createServer(async (req, res) => {
  let file = path.join(SITE, decodeURIComponent(new URL(req.url, "http://x").pathname));
  try { if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
    const body = await readFile(file); res.writeHead(200, {"content-type": file.endsWith(".js") ? "text/javascript" : "text/html; charset=utf-8"}); res.end(body);
  } catch { res.writeHead(404).end(); }
});
await new Promise(r => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless","--no-sandbox"] });
for (const q of process.argv.slice(3)) {
  const page = await browser.newPage();
  const sizes = {};
  page.on("response", async (r) => { const u = r.url(); if (/\/(search\/|static\/s(earch|tem)\.js)/.test(u)) { try { sizes[u.replace(base, "")] = (await r.body()).length; } catch {} } });
  await page.goto(base + "search.html?q=" + encodeURIComponent(q));
  await page.locator(".search-results li").first().waitFor({ timeout: 20000 });
  await page.waitForTimeout(800);
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  const status = await page.locator(".search-status").textContent();
  const big = Object.entries(sizes).filter(([k]) => !k.includes("/doc/"));
  const docs = Object.entries(sizes).filter(([k]) => k.includes("/doc/"));
  console.log(`${q}: ${(total/1000).toFixed(1)} kB in ${Object.keys(sizes).length} files (${status}); ` + big.map(([k,v]) => `${k} ${(v/1000).toFixed(1)}`).join(", ") + `; ${docs.length} docs ${(docs.reduce((a,[,v])=>a+v,0)/1000).toFixed(1)} kB`);
  await page.close();
}
await browser.close(); server.close();
