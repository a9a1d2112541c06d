// The English starter site (`samkort init --lang en`), built: the UI speaks English, and counts
// of one say "card", not "cards", whether the page or its scripts write them.
//
// EN_SITE=/abs/path/to/built/site node --test
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileUrl, launch } from "./common.mjs";

const SITE = process.env.EN_SITE;
if (!SITE) throw new Error("set EN_SITE to the folder of the built English starter");

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser.close();
});

test("counts of one card are singular on the pages and in the search", async () => {
  const page = await browser.newPage();
  await page.goto(fileUrl(SITE, "index.html"));
  const counts = await page.locator(".kind-tile .count").allTextContents();
  assert.ok(counts.includes("1 card"), `one case: ${counts}`);
  assert.ok(counts.includes("2 cards"), `two concepts: ${counts}`);

  // A word of one card only.
  await page.goto(fileUrl(SITE, "search.html?q=weaknesses"));
  await page.locator(".search-results li").first().waitFor();
  assert.equal(await page.locator(".search-results li").count(), 1);
  assert.equal(await page.locator(".search-status").textContent(), "1 card found");
  await page.goto(fileUrl(SITE, "search.html?q=trust"));
  await page.locator(".search-results li").first().waitFor();
  const n = await page.locator(".search-results li").count();
  assert.ok(n > 1, "trust is on several cards");
  assert.equal(await page.locator(".search-status").textContent(), `${n} cards found`);
  await page.close();
});
