// Browser tests of the theme as readers see it: no page scrolls sideways on a phone or a
// desktop, in light or dark mode; axe-core finds nothing in dark mode; the menu button and the
// colour-scheme toggle work with the keyboard and are remembered; a municipality's brand shows;
// the 404 page keeps its styles and links at a nested URL under a sub-path.
//
// SITE=/built/site BRAND_SITE=/built/example/kommune node --test
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { axe, fileUrl as at, launch, serve } from "./common.mjs";

const SITE = process.env.SITE;
const BRAND_SITE = process.env.BRAND_SITE;
if (!SITE || !BRAND_SITE) throw new Error("set SITE and BRAND_SITE to built sites");
const SUBPATH = "/laering/ledelse/";

let browser;
let server;
let base;

before(async () => {
  browser = await launch();
  let origin;
  ({ server, origin } = await serve({ [SUBPATH]: SITE }));
  base = origin + SUBPATH;
});

after(async () => {
  await browser?.close();
  server?.close();
});

// One page of every type: home, search, a kind's list, cards (the longest case, a course
// path, a term entry), a deck, a taxonomy and a term, a practice page, a facilitator's guide, the
// site's and a kind's map, a scale's staircase and one of its steps. (The 404 page links from the server
// root, so it is tested from a server below.)
async function pageTypes() {
  const first = async (dir, re) => (await readdir(path.join(SITE, dir))).filter((f) => re.test(f)).sort()[0];
  const term = await first("tags", /^(?!index)[^.]+\.html$/);
  const course = await first("forloeb", /^(?!index)[^.]+\.html$/);
  const glossary = await first("ordbog", /^(?!index)[^.]+\.html$/);
  return [
    "index.html", "search.html?q=tillid", "cases/index.html", "cases/fve-bilen-kolding.html",
    `forloeb/${course}`, `forloeb/${course.replace(".html", ".print.html")}`, `ordbog/${glossary}`,
    "tags/index.html", `tags/${term}`, "practice.html", "forloeb/oekonomi-og-opgaveflytning.guide.html",
    "map.html", "begreber/index.map.html", "relationsniveauer/index.html", "relationsniveauer/respekt.html",
  ];
}

for (const scheme of ["light", "dark"]) {
  test(`no page type scrolls sideways at 375 and 1280 px in ${scheme} mode${scheme === "dark" ? ", and axe finds nothing" : ""}`, async () => {
    const problems = [];
    for (const width of [375, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme: scheme });
      const page = await context.newPage();
      for (const rel of await pageTypes()) {
        await page.goto(at(SITE, rel));
        if (rel.startsWith("search")) await page.locator(".search-results li").first().waitFor();
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (wide > 0) problems.push(`${rel} at ${width} px: ${wide} px too wide`);
        if (scheme === "dark") {
          const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          if (bg !== "rgb(18, 22, 28)") problems.push(`${rel} at ${width} px: background ${bg} in dark mode`);
          for (const v of await axe(page)) problems.push(`${rel} at ${width} px: ${v}`);
        }
      }
      await context.close();
    }
    assert.deepEqual(problems, []);
  });
}

test("the test sees sideways scrolling, so a clean result means something", async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  await page.goto(at(SITE, "cases/fve-bilen-kolding.html"));
  await page.addStyleTag({ content: ".facts { width: 500px; }" });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth));
  await page.close();
});

test("on a phone the menu button opens and closes the navigation with the keyboard", async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  await page.goto(at(SITE, "index.html"));
  const button = page.locator(".menu-button");
  const nav = page.locator("#site-nav");
  assert.ok(await button.isVisible());
  assert.equal(await nav.isVisible(), false, "closed at first");
  // The header fits on one line.
  const header = await page.locator(".site-header").boundingBox();
  assert.ok(header.height < 80, `the header is ${header.height} px tall`);

  await button.focus();
  await page.keyboard.press("Enter");
  assert.equal(await button.getAttribute("aria-expanded"), "true");
  assert.ok(await nav.isVisible());
  assert.equal(await page.evaluate(() => document.activeElement.closest("#site-nav") !== null), true, "focus moves into the menu");
  await page.keyboard.press("Escape");
  assert.equal(await button.getAttribute("aria-expanded"), "false");
  assert.equal(await nav.isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.className), "menu-button", "focus returns to the button");
  await page.keyboard.press(" ");
  assert.ok(await nav.isVisible(), "Space opens it too");
  await page.close();

  const wide = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await wide.goto(at(SITE, "index.html"));
  assert.equal(await wide.locator(".menu-button").isVisible(), false);
  assert.ok(await wide.locator("#site-nav").isVisible(), "on a desktop the navigation is always shown");
  await wide.close();
});

test("the dark-mode toggle works with the keyboard and is remembered", async () => {
  const context = await browser.newContext({ colorScheme: "light" });
  const page = await context.newPage();
  await page.goto(at(SITE, "index.html"));
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(await background(), "rgb(255, 255, 255)");
  const toggle = page.locator(".scheme-toggle");
  assert.equal(await toggle.getAttribute("aria-pressed"), "false");
  await toggle.focus();
  await page.keyboard.press("Enter");
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  assert.equal(await background(), "rgb(18, 22, 28)");
  await page.goto(at(SITE, "cases/index.html"));
  assert.equal(await background(), "rgb(18, 22, 28)", "the choice holds on the next page");
  assert.equal(await page.locator(".scheme-toggle").getAttribute("aria-pressed"), "true");
  await page.locator(".scheme-toggle").click();
  assert.equal(await background(), "rgb(255, 255, 255)");
  await context.close();
});

test("a municipality's brand shows: logo, colours, its stylesheet and footer links, and axe finds nothing", async () => {
  const problems = [];
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    for (const rel of ["index.html", "begreber/kendskab.html", "forloeb/relationstrappen.html"]) {
      await page.goto(at(BRAND_SITE, rel));
      for (const v of await axe(page)) problems.push(`${scheme} ${rel}: ${v}`);
    }
    await page.goto(at(BRAND_SITE, "index.html"));
    const logo = page.locator(".site-title img");
    assert.equal(await logo.getAttribute("alt"), "Eksempel Kommune");
    assert.ok(await logo.evaluate((img) => img.complete && img.naturalWidth > 0), "the logo loads");
    const primary = await page.locator(".button.primary").evaluate((b) => getComputedStyle(b).backgroundColor);
    const stripe = await page.locator(".site-header").evaluate((h) => getComputedStyle(h).borderTopColor);
    const h1 = await page.locator("h1").evaluate((h) => getComputedStyle(h).color);
    if (scheme === "light") {
      assert.equal(primary, "rgb(0, 85, 140)", "brand.primary #00558c");
      assert.equal(stripe, "rgb(200, 16, 46)", "brand.accent #c8102e");
    } else {
      assert.notEqual(primary, "rgb(0, 85, 140)", "a lighter twin of the primary colour in dark mode");
    }
    assert.equal(h1, primary, "brand/kommune.css colours the heading with the brand's colour");
    assert.equal(await page.locator(".site-header").evaluate((h) => getComputedStyle(h).borderTopWidth), "6px", "brand/kommune.css");
    const footer = await page.locator(".site-footer a").evaluateAll((as) => as.map((a) => a.textContent));
    assert.deepEqual(footer, ["Tilgængelighedserklæring", "Kontakt"]);
    await context.close();
  }
  assert.deepEqual(problems, []);
});

test("the 404 page keeps its styles and links at a nested URL under a sub-path", async () => {
  const problems = [];
  for (const scheme of ["light", "dark"]) {
    for (const width of [375, 1280]) {
      const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 800 } });
      const page = await context.newPage();
      await page.goto(base + "cases/gammel.html");
      for (const v of await axe(page)) problems.push(`${scheme} ${width} px: ${v}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (wide > 0) problems.push(`${scheme} ${width} px: ${wide} px too wide`);
      await context.close();
    }
  }
  assert.deepEqual(problems, []);
  const page = await browser.newPage();
  const res = await page.goto(base + "cases/gammel/side.html");
  assert.equal(res.status(), 404);
  const styled = await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).borderTopStyle);
  assert.equal(styled, "solid", "style.css loaded");
  assert.equal(await page.locator(".scheme-toggle").isVisible(), true, "the scripts loaded");
  await page.locator("a.site-title").click();
  assert.equal(page.url(), base + "index.html");
  assert.equal(await page.locator("h1").textContent(), "Ledelse på tværs");
  await page.close();
});

test("a link to another card shows its summary on focus and hover, is announced, and Escape hides it", async () => {
  const problems = [];
  for (const colorScheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(at(SITE, "relationsniveauer/kendskab.html"));
    const link = page.locator(".body a[data-preview]").first();
    const summary = await link.getAttribute("data-preview");
    assert.ok(summary && summary.length > 20);
    await link.focus();
    const tip = page.locator("#link-preview");
    assert.ok(await tip.isVisible());
    assert.equal(await link.getAttribute("aria-describedby"), "link-preview");
    assert.equal(await tip.getAttribute("role"), "tooltip");
    assert.equal(await tip.locator("p").textContent(), summary);
    assert.equal(await tip.locator(".preview-kind").textContent(), await link.getAttribute("data-preview-kind"));
    assert.ok((await tip.locator(".preview-kind").textContent()).length > 0, "the preview names the target's kind");
    for (const v of await axe(page)) problems.push(`${colorScheme} with a preview open: ${v}`);
    await page.keyboard.press("Escape");
    assert.equal(await tip.isVisible(), false);
    assert.equal(await link.getAttribute("aria-describedby"), null);
    await page.mouse.move(0, 0);
    await link.hover();
    assert.ok(await tip.isVisible(), "hover shows it too");
    await tip.hover();
    await page.waitForTimeout(400);
    assert.ok(await tip.isVisible(), "the pointer may move onto the preview without it vanishing");
    await context.close();
  }
  assert.deepEqual(problems, []);
});
