// Unit tests of the spaced-repetition schedule (themes/default/static/schedule.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const S = require("../../themes/default/static/schedule.js");
const [AGAIN, HARD, GOOD, EASY] = [0, 1, 2, 3];

test("a new card comes back after 1 day (good), then 3, then ease times longer", () => {
  let s = S.next(null, GOOD, 100);
  assert.deepEqual([s.ivl, s.due, s.reps, s.ease], [1, 101, 1, 2.5]);
  s = S.next(s, GOOD, 101);
  assert.deepEqual([s.ivl, s.due], [3, 104]);
  s = S.next(s, GOOD, 104);
  assert.deepEqual([s.ivl, s.due], [8, 112]); // round(3 x 2.5)
  s = S.next(s, GOOD, 112);
  assert.equal(s.ivl, 20);
});

test("easy goes further and raises the ease; hard goes less far and lowers it", () => {
  const easy = S.next(null, EASY, 0);
  assert.deepEqual([easy.ivl, easy.ease], [4, 2.65]);
  const hard = S.next(S.next(S.next(null, GOOD, 0), GOOD, 1), HARD, 4);
  assert.deepEqual([hard.ivl, hard.ease], [4, 2.35]); // max(3 + 1, round(3 x 1.2))
  const easier = S.next(S.next(S.next(null, GOOD, 0), GOOD, 1), EASY, 4);
  assert.ok(easier.ivl > S.next(S.next(S.next(null, GOOD, 0), GOOD, 1), GOOD, 4).ivl);
});

test("again starts the card over, due the same day, and the ease never drops below 1.3", () => {
  let s = S.next(S.next(null, GOOD, 0), GOOD, 1);
  s = S.next(s, AGAIN, 4);
  assert.deepEqual([s.ivl, s.due, s.reps, s.lapses], [0, 4, 0, 1]);
  for (let i = 0; i < 20; i++) s = S.next(s, AGAIN, 4);
  assert.equal(s.ease, 1.3);
  s = S.next(s, GOOD, 4);
  assert.deepEqual([s.ivl, s.due], [1, 5]);
});

test("a session takes the due cards, most overdue first, then new cards up to the limit", () => {
  const states = {
    a: { due: 10, ivl: 1, reps: 1, ease: 2.5, lapses: 0 },
    b: { due: 8, ivl: 1, reps: 1, ease: 2.5, lapses: 0 },
    c: { due: 12, ivl: 3, reps: 2, ease: 2.5, lapses: 0 },
  };
  const ids = ["a", "b", "c", "n1", "n2", "n3"];
  assert.deepEqual(S.session(ids, states, 10, 2), ["b", "a", "n1", "n2"]);
  assert.deepEqual(S.session(ids, states, 12, 0), ["b", "a", "c"]);
  assert.ok(S.isDue(states.a, 10) && !S.isDue(states.c, 10) && !S.isDue(undefined, 10));
});

test("days are whole local days", () => {
  const d = new Date(2026, 11, 4, 23, 59);
  const e = new Date(2026, 11, 5, 0, 1);
  assert.equal(S.day(e) - S.day(d), 1);
  assert.equal(S.day(new Date(2026, 11, 4, 0, 0)), S.day(d));
});
