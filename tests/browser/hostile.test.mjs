// A site of hostile cards (tests/fixtures/hostile: scripts, event handlers, javascript: links in
// every spelling): no dialog may open on load, on hover, or on clicking any link.
//
// HOSTILE_SITE=/abs/path/to/built/hostile/site node --test
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "./common.mjs";

const SITE = process.env.HOSTILE_SITE;
if (!SITE) throw new Error("set HOSTILE_SITE to the folder of the built hostile site");

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("the test can see a dialog, so a clean result means something", async () => {
  const page = await browser.newPage();
  const dialogs = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.setContent("<button onclick=\"alert('seen')\">x</button>");
  await page.click("button");
  assert.deepEqual(dialogs, ["seen"]);
  await page.close();
});

test("no dialog opens on load, hover or click on any page of the hostile site", async () => {
  const pages = (await readdir(SITE, { recursive: true })).filter((f) => f.endsWith(".html")).sort();
  assert.ok(pages.length >= 5, `only ${pages.length} pages`);
  const dialogs = [];
  for (const rel of pages) {
    const page = await browser.newPage();
    page.on("dialog", async (d) => {
      dialogs.push(`${rel}: ${d.message()}`);
      await d.dismiss();
    });
    const url = pathToFileURL(path.join(SITE, rel)).href;
    await page.goto(url);
    for (const el of await page.locator("main *").all()) {
      await el.hover({ timeout: 500, force: true }).catch(() => {});
    }
    const links = await page.locator("main a").count();
    for (let i = 0; i < links; i++) {
      await page.locator("main a").nth(i).click({ timeout: 1000, force: true }).catch(() => {});
      if (page.url() !== url) await page.goto(url);
    }
    await page.close();
  }
  assert.deepEqual(dialogs, []);
});
