// Markup checks of a built site with the Nu Html Checker (vnu.jar from the vnu-jar package,
// run with the system's Java 17 or later): every HTML file must have no error (a duplicate id,
// an element where it is not allowed, a bad attribute value). Warnings are not failures.
//
// SITE=/abs/path/to/built/site node --test
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const VNU = require.resolve("vnu-jar/build/dist/vnu.jar");
const SITE = process.env.SITE;
if (!SITE) throw new Error("set SITE to the folder of a built site");

/** Runs vnu.jar on `files` (or on stdin when `input` is given) and returns its messages. */
function vnu(files, input) {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.env.JAVA || "java",
      ["-jar", VNU, "--format", "json", "--stdout", ...(input === undefined ? files : ["-"])],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        // vnu exits 1 when it found errors; the JSON on stdout says which.
        if (error && error.code !== 1) return reject(new Error(`vnu.jar failed: ${error.message}\n${stderr}`));
        try {
          resolve(JSON.parse(stdout).messages);
        } catch (e) {
          reject(new Error(`vnu.jar gave no JSON (${e.message}):\n${stdout}\n${stderr}`));
        }
      },
    );
    if (input !== undefined) child.stdin.end(input);
  });
}

/** What a human needs to find an error: file relative to the site, line, message. */
function errorsOf(messages) {
  return messages
    .filter((m) => m.type === "error" || m.type === "non-document-error")
    .map((m) => `${m.url ? path.relative(SITE, new URL(m.url).pathname) : "-"}:${m.lastLine ?? "?"}: ${m.message}`);
}

test("the checker reports a duplicate id, so a clean result means something", async () => {
  const page = '<!DOCTYPE html><html lang="da"><head><title>x</title></head><body><p id="a"></p><p id="a"></p></body></html>';
  assert.deepEqual(errorsOf(await vnu([], page)), ["-:1: Duplicate ID “a”."]);
});

test("every HTML page of the site passes the Nu Html Checker without errors", async () => {
  const pages = (await readdir(SITE, { recursive: true }))
    .filter((f) => f.endsWith(".html"))
    .sort()
    .map((f) => path.join(SITE, f));
  assert.ok(pages.length > 183, `only ${pages.length} pages`);
  assert.deepEqual(errorsOf(await vnu(pages)), []);
});
