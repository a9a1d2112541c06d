// Browser tests of the pictures of the relations and the filters of a kind's list: the map's
// nodes are links to the right cards, the staircase and the sequence lead to their steps, the
// filters narrow the list and announce it, and axe finds nothing on these pages in light and
// dark mode, with the filters open and chosen.
//
// SITE=/built/site node --test
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { axe, fileUrl as at, launch } from "./common.mjs";

const SITE = process.env.SITE;
if (!SITE) throw new Error("set SITE to a built site");

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("every node of the site map is a link to the card it names", async () => {
  const page = await browser.newPage();
  await page.goto(at(SITE, "map.html"));
  const nodes = page.locator("svg.ring a");
  const count = await nodes.count();
  assert.ok(count > 150, `${count} nodes`);
  // Follow a few, spread over the ring.
  for (const i of [0, Math.floor(count / 3), count - 1]) {
    await page.goto(at(SITE, "map.html"));
    const node = page.locator("svg.ring a").nth(i);
    const name = await node.getAttribute("aria-label");
    await node.locator(".node").click({ force: true });
    await page.waitForLoadState();
    const title = (await page.locator("h1").textContent()).trim();
    assert.ok(name.includes(title), `"${name}" led to "${title}"`);
  }
  // The text alternative lists the same cards.
  await page.goto(at(SITE, "map.html"));
  assert.equal(await page.locator("table.relations-table tbody tr").count(), count);
  await page.close();
});

test("the staircase and a path's sequence lead to their steps", async () => {
  const page = await browser.newPage();
  await page.goto(at(SITE, "relationsniveauer/index.html"));
  await page.locator("svg.staircase a").nth(2).locator(".node").click();
  assert.equal((await page.locator("h1").textContent()).trim(), "Tillid");
  assert.match(await page.locator(".scale-place p").textContent(), /Trin 3 af 3/);
  await page.goto(at(SITE, "forloeb/fra-kendskab-til-tillid.html"));
  const second = await page.locator("section.steps ol > li > a").nth(1).textContent();
  await page.locator("svg.sequence a").nth(1).locator(".node").click();
  assert.equal((await page.locator("h1").textContent()).trim(), second.trim());
  await page.close();
});

test("filters narrow a kind's list at once, announce it and clear; without scripts a term is a link", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  await plain.goto(at(SITE, "cases/index.html"));
  assert.equal(await plain.locator(".facet[data-script-only]").first().isVisible(), false, "enum values need scripts");
  const href = await plain.locator(".filters a.chip").first().getAttribute("href");
  assert.match(href, /\.html$/);
  await context.close();

  const page = await browser.newPage();
  await page.goto(at(SITE, "cases/index.html"));
  const items = page.locator("ul.filtered-list > li");
  const total = await items.count();
  await page.locator(".filters summary").click();
  const chip = page.locator(".facet[data-script-only] .chip").first();
  const token = await chip.getAttribute("data-token");
  await chip.click();
  assert.equal(await chip.getAttribute("aria-pressed"), "true");
  const shown = await page.locator("ul.filtered-list > li:not([hidden])").count();
  const expected = await page.locator(`ul.filtered-list > li[data-filter~="${token}"]`).count();
  assert.equal(shown, expected);
  assert.ok(shown < total, `${shown} of ${total}`);
  assert.equal(await page.locator(".filter-status").getAttribute("role"), "status");
  assert.equal((await page.locator(".filter-status").textContent()).trim(), `${shown} af ${total} kort vises`);
  // A term is a toggle now, and works with the keyboard.
  const term = page.locator(".filters a.chip").first();
  await term.focus();
  await page.keyboard.press(" ");
  assert.equal(await term.getAttribute("aria-pressed"), "true");
  assert.ok(page.url().endsWith("cases/index.html"), "the term did not navigate");
  await page.locator(".clear-filters").click();
  assert.equal(await page.locator("ul.filtered-list > li:not([hidden])").count(), total);
  await page.close();
});

test("axe finds nothing on the maps, the staircase and the chosen filters, in light and dark", async () => {
  const problems = [];
  for (const colorScheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    for (const rel of ["map.html", "cases/index.map.html", "relationsniveauer/index.html", "relationsniveauer/kendskab.html", "forloeb/fra-kendskab-til-tillid.html"]) {
      await page.goto(at(SITE, rel));
      for (const v of await axe(page)) problems.push(`${colorScheme} ${rel}: ${v}`);
    }
    await page.goto(at(SITE, "cases/index.html"));
    await page.locator(".filters summary").click();
    await page.locator(".facet[data-script-only] .chip").first().click();
    for (const v of await axe(page)) problems.push(`${colorScheme} cases/index.html with a filter: ${v}`);
    await context.close();
  }
  assert.deepEqual(problems, []);
});
