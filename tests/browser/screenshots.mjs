// Takes the reference screenshots (see screenshots.sh).
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const { SITE, OUT } = process.env;
const pages = {
  home: "index.html",
  card: "cases/fve-bilen-kolding.html",
  course: "forloeb/fra-kendskab-til-tillid.html",
  search: "search.html?q=tillid",
  practice: "forloeb/fra-kendskab-til-tillid.practice.html",
  map: "map.html",
  staircase: "relationsniveauer/index.html",
};
const looks = {
  desktop: { viewport: { width: 1280, height: 860 }, colorScheme: "light" },
  mobile: { viewport: { width: 375, height: 740 }, colorScheme: "dark", deviceScaleFactor: 1 },
};
await mkdir(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
for (const [look, options] of Object.entries(looks)) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  for (const [name, rel] of Object.entries(pages)) {
    const [file, query] = rel.split("?");
    await page.goto(pathToFileURL(path.join(SITE, file)).href + (query ? "?" + query : ""));
    if (name === "search") await page.locator(".search-results li").first().waitFor();
    if (name === "practice") {
      await page.locator(".start-session").click();
      await page.keyboard.press(" ");
    }
    await page.screenshot({ path: path.join(OUT, `${name}-${look}.png`) });
  }
  await context.close();
}
await browser.close();
