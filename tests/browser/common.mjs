// What the browser tests share: headless Chromium, axe-core, file:// addresses of built pages,
// and a static server for a site under a sub-path of its own.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

// The WCAG 2.1 A and AA violations axe-core finds on the page, one line each.
export async function axe(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  });
}

// The file:// address of a page of a built site, keeping a query string.
export function fileUrl(site, rel) {
  const [file, query] = rel.split("?");
  return pathToFileURL(path.join(site, file)).href + (query ? "?" + query : "");
}

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml" };

// A static server: `sites` maps a sub-path ("/laering/ledelse/") to a built site's folder. A
// missing page is answered with the site's 404.html, as a server set up with an error
// document does. Resolves to the server and its origin.
export async function serve(sites) {
  const server = createServer(async (req, res) => {
    const url = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const prefix = Object.keys(sites).find((p) => url.startsWith(p));
    if (!prefix) {
      res.writeHead(404).end();
      return;
    }
    let file = path.join(sites[prefix], url.slice(prefix.length));
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" }).end(body);
    } catch {
      try {
        res.writeHead(404, { "content-type": TYPES[".html"] }).end(await readFile(path.join(sites[prefix], "404.html")));
      } catch {
        res.writeHead(404).end();
      }
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}
