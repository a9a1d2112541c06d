// Browser tests of a built site: WCAG 2.1 AA checks with axe-core, and the behaviour that
// needs a browser (flashcards, course progress kept in localStorage), both straight from
// disk (file://) and from a web server under a sub-path.
//
// SITE=/abs/path/to/built/site node --test
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { axe, fileUrl as siteUrl, launch, serve } from "./common.mjs";

const SITE = process.env.SITE;
if (!SITE) throw new Error("set SITE to the folder of a built site");
const SUBPATH = "/laering/ledelse/";

let browser;
let server;
let base;

before(async () => {
  browser = await launch();
  // A plain static server that serves the site only under SUBPATH, like an intranet would.
  let origin;
  ({ server, origin } = await serve({ [SUBPATH]: SITE }));
  base = origin + SUBPATH;
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function pagesToAudit() {
  // Every page type: home, 404, each kind's list pages, a taxonomy index and term, and cards of every kind.
  const out = ["index.html", "404.html", "search.html?q=tillid"];
  for (const entry of (await readdir(SITE, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || entry.name === "static") continue;
    const files = (await readdir(path.join(SITE, entry.name))).filter((f) => f.endsWith(".html")).sort();
    // The list pages, also the later pages of a long list (index.2.html, ...).
    out.push(...files.filter((f) => /^index(\.\d+)?\.html$/.test(f)).map((f) => `${entry.name}/${f}`));
    out.push(...files.filter((f) => !f.startsWith("index.")).slice(0, 2).map((f) => `${entry.name}/${f}`));
  }
  return out;
}


test("every page type meets WCAG 2.1 AA according to axe-core", async () => {
  const page = await browser.newPage();
  const problems = [];
  const audited = await pagesToAudit();
  assert.ok(audited.length >= 10, `only ${audited.length} pages to audit`);
  for (const rel of audited) {
    await page.goto(fileUrl(rel));
    if (rel.startsWith("search.html")) await page.locator(".search-results li").first().waitFor();
    for (const v of await axe(page)) problems.push(`${rel}: ${v}`);
  }
  await page.close();
  assert.deepEqual(problems, []);
});

// A file:// URL of a page of the site, keeping a query string.
function fileUrl(rel) {
  return siteUrl(SITE, rel);
}

test("search works offline from disk: Danish inflections and compounds are found", async () => {
  const page = await browser.newPage();
  await page.goto(fileUrl("index.html"));
  await page.fill("#site-search-input", "aftale");
  await page.press("#site-search-input", "Enter");
  await page.locator(".search-results li").first().waitFor();
  const titles = await page.locator(".search-results li > a").allTextContents();
  assert.ok(titles.includes("Aftaler og lovgivning"), "an inflected form (aftaler) is found");
  assert.ok(titles.includes("Sundhedsaftale"), "a compound (sundhedsaftale) is found");
  assert.match(await page.locator(".search-status").textContent(), /^\d+ kort fundet$/);
  // Every word must match: adding a word narrows the hits.
  await page.fill("#search-input", "aftale kolding");
  // Narrowed, and drawn (the list is empty for a moment while the new hits load).
  await page.waitForFunction((n) => {
    const hits = document.querySelectorAll(".search-results li").length;
    return hits > 0 && hits < n;
  }, titles.length);
  const narrowed = await page.locator(".search-results li > a").allTextContents();
  assert.ok(narrowed.includes("Region Syddanmark"), `cards with both words: ${narrowed}`);
  assert.ok(!narrowed.includes("Sundhedsaftale"), "a card without `kolding` is left out");
  // A hit opens its card.
  await page.locator(".search-results li > a").first().click();
  await page.waitForLoadState();
  assert.ok(page.url().endsWith(".html") && !page.url().includes("search.html"));
  await page.close();
});

// What a search on the search page shows: every hit (after "show more" until it is gone),
// with the status line's count, each hit's kind and snippet.
async function searchAll(page, rootUrl, query) {
  await page.goto(rootUrl + "search.html?q=" + encodeURIComponent(query));
  await page.locator(".search-results li").first().waitFor();
  const more = page.locator(".search-more");
  while (await more.isVisible()) {
    const n = await page.locator(".search-results li").count();
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll(".search-results li").length > n, n);
  }
  const status = await page.locator(".search-status").textContent();
  const titles = await page.locator(".search-results li > a").allTextContents();
  return { status, titles };
}

for (const [where, rootOf] of [
  ["from disk (file://)", () => pathToFileURL(SITE + "/").href],
  ["under a sub-path of a web server", () => base],
]) {
  test(`search forgives typos and ASCII spellings and ranks names first ${where}`, async () => {
    const page = await browser.newPage();
    const expected = [
      ["tilid", "Tillid"],
      ["samarbjde", "Samarbejde og samordning"],
      ["graenser", "Ledelse over grænser"],
      ["tvaersektoriel", "Tværsektoriel forståelse"],
      ["ledelse paa tvaers", "Janne Seemann"],
    ];
    for (const [query, title] of expected) {
      const { status, titles } = await searchAll(page, rootOf(), query);
      assert.ok(titles.includes(title), `${query}: ${title} not among ${titles.length} hits`);
      // Every hit is reachable: the list ends with as many as the status line says.
      assert.equal(status, `${titles.length} kort fundet`, query);
    }
    for (const [query, title] of [
      ["FVE", "FVE-bilen fra akutafdelingen på Kolding sygehus"],
      ["SAM:BO", "Samarbejdsaftale om patientforløb på Fyn"],
      ["KIT", "KIT (Koordineret Indsats for borgere med psykiske lidelser)"],
      ["sundhedsaftale", "Sundhedsaftale"],
    ]) {
      await page.goto(rootOf() + "search.html?q=" + encodeURIComponent(query));
      await page.locator(".search-results li").first().waitFor();
      assert.equal(await page.locator(".search-results li > a").first().textContent(), title, `${query} ranks its card first`);
    }
    // Snippets show where the query matched, the words marked, and the kind is shown.
    await page.goto(rootOf() + "search.html?q=tilid");
    await page.locator(".search-results li").first().waitFor();
    const first = page.locator(".search-results li").first();
    assert.equal(await first.locator(".kind-label").textContent(), " Relationsniveau");
    const marks = await first.locator(".snippet mark").allTextContents();
    assert.ok(marks.length > 0 && marks.every((m) => /^tillid/i.test(m)), `marks: ${marks}`);
    // A hit opens its card.
    await first.locator("a").click();
    await page.waitForLoadState();
    assert.equal(await page.locator("h1").textContent(), "Tillid");
    await page.close();
  });
}

test("search results can be filtered by kind and by term", async () => {
  const page = await browser.newPage();
  const { titles } = await searchAll(page, pathToFileURL(SITE + "/").href, "tillid");
  const option = page.locator("#search-kind option", { hasText: /^Case \(\d+\)$/ });
  const n = Number((await option.textContent()).match(/\((\d+)\)/)[1]);
  assert.ok(n > 0 && n < titles.length);
  await page.selectOption("#search-kind", "Case");
  await page.waitForFunction((n) => document.querySelector(".search-status").textContent === `${n} kort fundet`, n);
  const kinds = await page.locator(".search-results li .kind-label").allTextContents();
  assert.ok(kinds.length > 0 && kinds.every((k) => k === " Case"), `${kinds}`);
  // A term narrows the cases further; back to every kind, the term alone.
  const term = page.locator("#search-term optgroup[label=Sektor] option", { hasText: /^Kommune \(\d+\)$/ });
  await term.waitFor({ state: "attached" });
  const m = Number((await term.textContent()).match(/\((\d+)\)/)[1]);
  await page.selectOption("#search-term", { label: await term.textContent() });
  const both = await page.locator(".search-results li").count();
  assert.ok(both > 0 && both <= n, `${both} cases in the sector kommune`);
  await page.selectOption("#search-kind", "");
  await page.waitForFunction((m) => document.querySelector(".search-status").textContent === `${m} kort fundet`, m);
  await page.close();
});

test("the header's search box suggests cards and is used with the keyboard", async () => {
  const page = await browser.newPage();
  await page.goto(fileUrl("index.html"));
  const input = page.locator("#site-search-input");
  await input.pressSequentially("tillid");
  const options = page.locator("#site-search-input-list [role=option]");
  await options.first().waitFor();
  assert.equal(await input.getAttribute("role"), "combobox");
  assert.equal(await input.getAttribute("aria-expanded"), "true");
  assert.equal(await options.first().locator(".suggestion-title").textContent(), "Tillid");
  await input.press("ArrowDown");
  await input.press("ArrowDown");
  const second = await options.nth(1).getAttribute("id");
  assert.equal(await input.getAttribute("aria-activedescendant"), second);
  assert.equal(await options.nth(1).getAttribute("aria-selected"), "true");
  assert.deepEqual(await axe(page), []);
  await input.press("ArrowUp");
  await input.press("Escape");
  assert.equal(await input.getAttribute("aria-expanded"), "false");
  await input.press("ArrowDown");
  await options.first().waitFor();
  await input.press("ArrowDown");
  await input.press("Enter");
  await page.waitForURL(/relationsniveauer\/tillid\.html$/);
  assert.equal(await page.locator("h1").textContent(), "Tillid");
  await page.close();
});

test("the search page with hits, snippets and filters meets WCAG 2.1 AA in light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto(fileUrl("search.html?q=tillid"));
    await page.locator(".search-results li .snippet mark").first().waitFor();
    await page.locator(".search-term-filter:not([hidden])").waitFor();
    assert.deepEqual(await axe(page), [], colorScheme);
    await context.close();
  }
});

test("the same pages pass in a narrow (mobile) viewport", async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  const problems = [];
  for (const rel of (await pagesToAudit()).slice(0, 6)) {
    await page.goto(fileUrl(rel));
    if (rel.startsWith("search.html")) await page.locator(".search-results li").first().waitFor();
    for (const v of await axe(page)) problems.push(`${rel}: ${v}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    if (overflow) problems.push(`${rel}: scrolls sideways at 360 px`);
  }
  await page.close();
  assert.deepEqual(problems, []);
});

test("the first Tab reaches the skip link, which moves focus to the main content", async () => {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(path.join(SITE, "index.html")).href);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip-link");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "indhold");
  await page.close();
});

async function firstCourseStep(page, root) {
  await page.goto(root + "forloeb/index.html");
  const pathHref = await page.locator("ul.card-list li > a").first().getAttribute("href");
  await page.goto(new URL(pathHref, page.url()).href);
  const stepHref = await page.locator("section.steps li a").first().getAttribute("href");
  return { pathUrl: page.url(), stepUrl: new URL(stepHref, page.url()).href };
}

for (const [where, rootOf] of [
  ["from disk (file://)", () => pathToFileURL(SITE + "/").href],
  ["under a sub-path of a web server", () => base],
]) {
  test(`course progress is kept in the browser ${where}`, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const { pathUrl, stepUrl } = await firstCourseStep(page, rootOf());
    await page.goto(stepUrl);
    const button = page.locator("nav.path-nav button").first();
    assert.equal(await button.getAttribute("aria-pressed"), "false");
    await button.click();
    assert.equal(await button.getAttribute("aria-pressed"), "true");
    await page.reload();
    assert.equal(await page.locator("nav.path-nav button").first().getAttribute("aria-pressed"), "true");
    await page.goto(pathUrl);
    assert.equal(await page.locator("section.steps .progress-count").textContent(), "1");
    assert.equal(await page.locator("section.steps li.done").count(), 1);
    await context.close();
  });

  test(`every link on a card page loads ${where}`, async () => {
    const page = await browser.newPage();
    const { stepUrl } = await firstCourseStep(page, rootOf());
    await page.goto(stepUrl);
    // Links in the page and in its network map (SVG links have no .href string).
    const hrefs = await page
      .locator("a[href]")
      .evaluateAll((as) => [...new Set(as.map((a) => new URL(a.getAttribute("href"), location.href).href))]);
    for (const href of hrefs) {
      const res = await page.goto(href);
      assert.ok(!res || res.ok(), `${href} did not load`);
      assert.ok((await page.title()).length > 0, `${href} has no title`);
    }
    await page.close();
  });
}

test("a flashcard shows its answer only when opened", async () => {
  const page = await browser.newPage();
  const cases = (await readdir(path.join(SITE, "cases"))).filter((f) => f !== "index.html").sort();
  let found = false;
  for (const f of cases) {
    await page.goto(pathToFileURL(path.join(SITE, "cases", f)).href);
    if ((await page.locator("details.flashcard").count()) === 0) continue;
    const card = page.locator("details.flashcard").first();
    assert.equal(await card.locator("p").isVisible(), false);
    await card.locator("summary").click();
    assert.equal(await card.locator("p").isVisible(), true);
    found = true;
    break;
  }
  await page.close();
  assert.ok(found, "no case card has flashcards");
});

test("an open page reloads by itself after an edit under samkort serve", async () => {
  const { spawn } = await import("node:child_process");
  const { cp, mkdtemp, readFile: read, rm, writeFile } = await import("node:fs/promises");
  const os = await import("node:os");
  const bin = process.env.SAMKORT_BIN;
  assert.ok(bin, "set SAMKORT_BIN to the samkort binary");
  const root = await mkdtemp(path.join(os.tmpdir(), "samkort-serve-"));
  await cp(path.resolve(import.meta.dirname, "../fixtures/site"), root, { recursive: true });
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = spawn(bin, ["serve", "--root", root, "--port", String(port)], { stdio: "ignore" });
  try {
    const page = await browser.newPage();
    const url = `http://127.0.0.1:${port}/begreber/respekt.html`;
    for (let i = 0; ; i++) {
      try {
        await page.goto(url);
        break;
      } catch (e) {
        if (i > 100) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    assert.equal(await page.locator("h1").textContent(), "Respekt");
    const card = path.join(root, "content/begreber/respekt.md");
    await writeFile(card, (await read(card, "utf8")).replace("title: Respekt", "title: Gensidig respekt"));
    // No navigation by the test: the page must reload itself.
    await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Gensidig respekt", null, { timeout: 20000 });
    await page.close();
  } finally {
    server.kill();
    await rm(root, { recursive: true, force: true });
  }
});
