// The spaced-repetition schedule of the practice pages, in the style of SM-2 (as Anki uses it).
// Each flashcard has an interval in days and an ease (2.5 to start). Grades: 0 again, 1 hard,
// 2 good, 3 easy.
//   - again: the card starts over (it comes back in the same session), ease -0.2;
//   - a card learnt anew: 1 day (hard, good) or 4 days (easy); the second time 2, 3 or 6 days;
//   - after that the interval grows: x1.2 (hard, ease -0.15), x ease (good), x ease x1.3
//     (easy, ease +0.15), and always by at least a day.
// Days are whole local days, so a card is due on a day, not at an hour. Pure functions: the
// page keeps the state (practice.js), the tests call these directly.
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.samkortSchedule = api;
})(this, function () {
  "use strict";
  var MIN_EASE = 1.3;

  // The local day number of a date: days since 1970-01-01 where the learner is.
  function day(date) {
    var d = date || new Date();
    return Math.floor((d.getTime() - d.getTimezoneOffset() * 60000) / 86400000);
  }

  function next(state, grade, today) {
    var s = state
      ? { reps: state.reps, lapses: state.lapses, ease: state.ease, ivl: state.ivl }
      : { reps: 0, lapses: 0, ease: 2.5, ivl: 0 };
    if (grade === 0) {
      s.lapses += 1;
      s.reps = 0;
      s.ivl = 0;
      s.ease = Math.max(MIN_EASE, s.ease - 0.2);
    } else {
      if (s.reps === 0) s.ivl = grade === 3 ? 4 : 1;
      else if (s.reps === 1) s.ivl = [0, 2, 3, 6][grade];
      else {
        var factor = grade === 1 ? 1.2 : grade === 2 ? s.ease : s.ease * 1.3;
        s.ivl = Math.max(s.ivl + 1, Math.round(s.ivl * factor));
      }
      if (grade === 1) s.ease = Math.max(MIN_EASE, s.ease - 0.15);
      if (grade === 3) s.ease += 0.15;
      s.ease = Math.round(s.ease * 100) / 100;
      s.reps += 1;
    }
    s.due = today + s.ivl;
    s.last = today;
    return s;
  }

  function isDue(state, today) {
    return !!state && state.due <= today;
  }

  // The order of a session: the due cards, most overdue first, then up to `newLimit` cards
  // never seen, in the deck's order. `ids` are the deck's flashcard ids in order.
  function session(ids, states, today, newLimit) {
    var due = [];
    var fresh = [];
    ids.forEach(function (id, i) {
      var s = states[id];
      if (!s) fresh.push(id);
      else if (s.due <= today) due.push({ id: id, due: s.due, i: i });
    });
    due.sort(function (a, b) { return a.due - b.due || a.i - b.i; });
    return due.map(function (d) { return d.id; }).concat(fresh.slice(0, newLimit));
  }

  return { day: day, next: next, isDue: isDue, session: session };
});
