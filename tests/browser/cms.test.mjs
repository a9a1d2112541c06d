// The form editor: the admin page `samkort cms` writes, with Decap CMS installed from its npm
// package beside it (run.sh copies node_modules/decap-cms/dist into the site's content/admin/),
// loads in Chromium from the built site and shows one collection per kind. The site under test
// keeps a `backend: test-repo` in its config.yml (samkort cms keeps a backend it finds), so no
// login to a git host is needed.
//
// CMS_SITE=/abs/path/to/built/site CMS_KINDS="Plural 1|Plural 2|..." CMS_NEW="case|Casetype" \
//   node --test cms.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, serve } from "./common.mjs";

const SITE = process.env.CMS_SITE;
const KINDS = (process.env.CMS_KINDS || "").split("|").filter(Boolean);

let browser;
let server;
let origin;

before(async () => {
  if (!SITE) return;
  browser = await launch();
  ({ server, origin } = await serve({ "/": SITE }));
});

after(async () => {
  await browser?.close();
  server?.close();
});

test("the admin page loads Decap CMS from beside it and lists a collection per kind", { skip: !SITE && "set CMS_SITE" }, async () => {
  const page = await browser.newPage();
  const errors = [];
  const outside = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // `local_backend: true` probes a decap-server on this computer (localhost:8081); anything else
  // outside the site would be a CDN.
  const allowed = [origin, "data:", "blob:", "http://localhost:8081/"];
  page.on("request", (r) => {
    if (!allowed.some((a) => r.url().startsWith(a))) outside.push(r.url());
  });
  await page.goto(`${origin}/admin/`);
  // test-repo: a login button without credentials.
  const login = page.getByRole("button").first();
  await login.waitFor({ timeout: 30000 });
  await login.click();
  for (const kind of KINDS) {
    await page.getByRole("link", { name: kind, exact: true }).first().waitFor({ timeout: 30000 });
  }
  assert.ok(KINDS.length > 1, "the kinds to look for are given");
  const text = await page.locator("body").innerText();
  assert.doesNotMatch(text, /Error loading the CMS configuration|Fejl ved indlæsning/i, text.slice(0, 500));
  // A new card of a kind opens as a form with the kind's own fields (CMS_NEW="kind|Field label").
  const [kind, label] = (process.env.CMS_NEW || "").split("|");
  if (kind) {
    await page.goto(`${origin}/admin/#/collections/${kind}/new`);
    await page.getByText(label, { exact: false }).first().waitFor({ timeout: 30000 });
  }
  assert.deepEqual(errors, []);
  assert.deepEqual(outside, [], "no request leaves the site (no CDN)");
  await page.close();
});
