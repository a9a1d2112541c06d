// Browser tests of practising: a study session end to end with the keyboard, the schedule
// deciding what comes next, state that survives a reload, reset, saving to and loading from a
// file; course progress that stays on its card when a step is inserted; two sites on one host
// that keep apart; the workshop view with the keyboard; axe on the new pages in light and dark.
//
// SITE=/built/site SAMKORT_BIN=/path/to/samkort node --test
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { axe, fileUrl, launch, serve } from "./common.mjs";

const { SITE, SAMKORT_BIN } = process.env;
if (!SITE || !SAMKORT_BIN) throw new Error("set SITE and SAMKORT_BIN");
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TMP = mkdtempSync(path.join(os.tmpdir(), "samkort-practice-"));
const DECK = "forloeb/fra-kendskab-til-tillid.practice.html";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
  rmSync(TMP, { recursive: true, force: true });
});

const stored = (page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem(document.body.dataset.site + ":practice") || '{"cards":{}}').cards);

test("a study session with the keyboard: reveal, grade, the schedule decides what comes next, state survives a reload", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(fileUrl(SITE, DECK));
  const total = await page.locator(".flashcard-item").count();
  assert.ok(total >= 5, `only ${total} flashcards`);
  assert.match(await page.locator(".due-status").textContent(), new RegExp(`^0 .* · ${Math.min(total, 20)} `));

  await page.locator(".start-session").focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.locator(".session-status").textContent(), `Kort 1 af ${Math.min(total, 20)}`);
  assert.equal(await page.locator(".session-back").isVisible(), false, "the answer is hidden first");
  const first = await page.locator(".session-front").textContent();
  await page.keyboard.press(" ");
  assert.ok(await page.locator(".session-back").isVisible());
  assert.equal(await page.evaluate(() => document.activeElement.className), "session-back", "focus moves to the answer");
  assert.equal(await page.locator(".grades button").count(), 4);
  await page.keyboard.press("4"); // easy: not due again for days

  const second = await page.locator(".session-front").textContent();
  assert.notEqual(second, first);
  await page.keyboard.press(" ");
  await page.keyboard.press("1"); // again: back in this session and due today
  assert.equal(await page.locator(".session-status").textContent(), `Kort 3 af ${Math.min(total, 20) + 1}`);

  const states = await stored(page);
  assert.equal(Object.keys(states).length, 2);
  const [easy, again] = Object.values(states).sort((a, b) => b.ivl - a.ivl);
  assert.deepEqual([easy.ivl, again.ivl, again.due - easy.last], [4, 0, 0]);

  await page.reload();
  assert.match(await page.locator(".due-status").textContent(), /^1 /, "one card due today after a reload");
  await page.locator(".start-session").click();
  assert.equal(await page.locator(".session-front").textContent(), second, "the card graded again comes first");
  const problems = [];
  await page.keyboard.press(" ");
  for (const v of await axe(page)) problems.push(`session: ${v}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test("reset, and saving to and loading from a file, round-trip the learner's data", async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.on("dialog", (d) => d.accept());
  await page.goto(fileUrl(SITE, DECK));
  await page.locator(".start-session").click();
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press(" ");
    await page.keyboard.press("3");
  }
  const before = await stored(page);
  assert.equal(Object.keys(before).length, 3);

  await page.locator(".practice-data summary").click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator(".export").click()]);
  const file = path.join(TMP, "export.json");
  await download.saveAs(file);
  const saved = JSON.parse(readFileSync(file, "utf8"));
  assert.deepEqual(saved.practice.cards, before);

  await page.locator(".reset-all").click();
  assert.deepEqual(await stored(page), {});
  assert.match(await page.locator(".due-status").textContent(), /^0 /);

  await page.locator(".import input").setInputFiles(file);
  await page.locator(".data-status", { hasText: "Hentet." }).waitFor();
  assert.deepEqual(await stored(page), before);

  await page.locator(".reset-deck").click();
  assert.deepEqual(await stored(page), {}, "the deck's cards are reset");
  writeFileSync(path.join(TMP, "bad.json"), "{ not json");
  await page.locator(".import input").setInputFiles(path.join(TMP, "bad.json"));
  await page.locator(".data-status", { hasText: "Filen kunne ikke læses." }).waitFor();
  await context.close();
});

test("without JavaScript the practice page lists every question with its answer", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(fileUrl(SITE, DECK));
  const n = await page.locator(".flashcard-item details.flashcard").count();
  assert.ok(n >= 5);
  assert.equal(await page.locator(".session").isVisible(), false);
  await page.locator(".deck-all > summary").click();
  await page.locator(".flashcard-item summary").first().click();
  assert.ok(await page.locator(".flashcard-item .back").first().isVisible());
  await context.close();
});

test("the workshop view shows one question at a time and works with the keyboard", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(fileUrl(SITE, DECK));
  const n = await page.locator(".question-list li").count();
  const opener = page.locator(".workshop-start");
  await opener.focus();
  await page.keyboard.press("Enter");
  const view = page.locator(".workshop-view");
  assert.ok(await view.isVisible());
  assert.equal(await page.evaluate(() => document.activeElement.id), "workshop-question");
  assert.equal(await page.locator(".workshop-status").textContent(), `Spørgsmål 1 af ${n}`);
  const q1 = await page.locator(".workshop-question").textContent();
  assert.equal(q1, await page.locator(".question-list li .question").first().textContent());
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.locator(".workshop-status").textContent(), `Spørgsmål 2 af ${n}`);
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await page.locator(".workshop-question").textContent(), q1, "it stops at the first");
  assert.match(await page.locator(".workshop-timer").textContent(), /^0:0\d$/);
  const problems = await axe(page);
  await page.keyboard.press("Escape");
  assert.equal(await view.isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.className), "button workshop-start");
  assert.deepEqual(problems, []);
  await page.close();
});

test("practice pages pass axe in light and dark mode", async () => {
  const problems = [];
  for (const colorScheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    for (const rel of ["practice.html", DECK, "cases/index.practice.html"]) {
      await page.goto(fileUrl(SITE, rel));
      for (const v of await axe(page)) problems.push(`${colorScheme} ${rel}: ${v}`);
    }
    await context.close();
  }
  assert.deepEqual(problems, []);
});

// The test site: the fixture, built into `out` with extra arguments.
function buildFixture(src, out, extra = []) {
  execFileSync(SAMKORT_BIN, ["build", "--root", src, "--output", out, ...extra], { stdio: "pipe" });
}

test("course progress stays on its card when a step is inserted and the site rebuilt", async () => {
  const src = path.join(TMP, "steps-src");
  const out = path.join(TMP, "steps-out");
  cpSync(path.join(REPO, "tests/fixtures/site"), src, { recursive: true });
  buildFixture(src, out);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(fileUrl(out, "begreber/respekt.html"));
  await page.locator("nav.path-nav button").click();
  await page.goto(fileUrl(out, "forloeb/introduktion.html"));
  assert.deepEqual(await page.locator("section.steps li.done > a").allTextContents(), ["Respekt"]);
  assert.equal(await page.locator(".steps .continue a").textContent(), "Kendskab");

  // A step goes in before Respekt: the tick stays on Respekt, not on the step now second.
  const course = path.join(src, "content/forloeb/introduktion.md");
  writeFileSync(course, readFileSync(course, "utf8").replace("steps: [kendskab, respekt, tillid]", "steps: [kendskab, faelles-moeder, respekt, tillid]"));
  buildFixture(src, out);
  await page.reload();
  assert.deepEqual(await page.locator("section.steps li > a").allTextContents(), ["Kendskab", "Fælles morgenmøder", "Respekt", "Tillid"]);
  assert.deepEqual(await page.locator("section.steps li.done > a").allTextContents(), ["Respekt"]);
  assert.equal(await page.locator(".steps .progress-count").textContent(), "1");

  await page.goto(fileUrl(out, "index.html"));
  assert.equal(await page.locator(".hero .continue a").textContent(), "Respekt", "the home page offers the step seen last");
  await page.goto(fileUrl(out, "forloeb/introduktion.html"));
  await page.locator(".reset-progress").click();
  assert.equal(await page.locator("section.steps li.done").count(), 0);
  await context.close();
});

test("two sites on one host keep their learners' data apart", async () => {
  const src = path.join(TMP, "two-src");
  cpSync(path.join(REPO, "tests/fixtures/site"), src, { recursive: true });
  const sites = { "/a/": path.join(TMP, "two-a"), "/b/": path.join(TMP, "two-b") };
  for (const [base, out] of Object.entries(sites)) buildFixture(src, out, ["--base-url", base]);
  const { server, origin } = await serve(sites);
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/a/cases/index.practice.html`);
    await page.locator(".start-session").click();
    await page.keyboard.press(" ");
    await page.keyboard.press("4");
    assert.equal(Object.keys(await stored(page)).length, 1);
    await page.goto(`${origin}/b/cases/index.practice.html`);
    assert.deepEqual(await stored(page), {}, "site b sees nothing of site a");
    assert.match(await page.locator(".due-status").textContent(), /· 1 nye/);
    await page.goto(`${origin}/a/cases/index.practice.html`);
    assert.equal(Object.keys(await stored(page)).length, 1);
    await context.close();
  } finally {
    server.close();
  }
});

test("a printed deck is A4 sheets of equal cards, each front's back behind it, as many pages as sheets", async () => {
  const page = await browser.newPage();
  await page.goto(fileUrl(SITE, DECK.replace(".practice.html", ".print.html")));
  const sheets = await page.locator("section.sheet").count();
  const items = await page.locator("section.sheet.fronts > article.print-card").count();
  assert.equal(sheets, 2 * Math.ceil(items / 4), "a sheet of fronts and one of backs for every four A6 cards");
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.equal(pages, sheets, "one A4 page per sheet");

  await page.emulateMedia({ media: "print" });
  const layout = await page.evaluate(() => {
    const mm = (px) => Math.round((px * 25.4) / 96 * 10) / 10;
    return [...document.querySelectorAll("section.sheet")].slice(0, 2).map((s) => {
      const box = s.getBoundingClientRect();
      return {
        sheet: [mm(box.width), mm(box.height)],
        cards: [...s.querySelectorAll(":scope > .print-card")].map((c) => {
          const b = c.getBoundingClientRect();
          return { size: [mm(b.width), mm(b.height)], at: [mm(b.left - box.left), mm(b.top - box.top)], label: c.querySelector(".print-label")?.textContent ?? "" };
        }),
      };
    });
  });
  assert.deepEqual(layout[0].sheet, [210, 297]);
  for (const c of layout[0].cards.concat(layout[1].cards)) assert.deepEqual(c.size, [105, 148.5]);
  const front = layout[0].cards;
  const back = layout[1].cards;
  // The card at the top left of the fronts has its back at the top right of the backs.
  assert.deepEqual([front[0].at, back[1].at], [[0, 0], [105, 0]]);
  const titles = await page.locator("section.sheet.fronts").first().locator("article h2").allTextContents();
  assert.equal(back[1].label, titles[0]);
  assert.equal(back[0].label, titles[1]);
  await page.close();
});
