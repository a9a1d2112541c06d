// Practice in the browser: study sessions on the practice pages (flashcards one at a time,
// graded, scheduled by schedule.js), the workshop view of reflection questions, and the count
// of cards due today on any page that asks for it (.due-today). A learner's history is kept in
// this browser only (localStorage), under the site's key (data-site on <body>) and each
// flashcard's id, and can be saved to and loaded from a file. Labels come from the page.
(function () {
  "use strict";
  var S = window.samkortSchedule;
  var site = document.body.getAttribute("data-site") || "samkort";
  var KEY = site + ":practice";
  var NEW_PER_SESSION = 20;

  function load() {
    try {
      var data = JSON.parse(localStorage.getItem(KEY) || "null");
      return data && data.cards ? data : { version: 1, cards: {} };
    } catch (e) {
      return { version: 1, cards: {} };
    }
  }
  function save(data) {
    try { localStorage.setItem(KEY, JSON.stringify(data)); } catch (e) { /* storage may be off */ }
  }
  function fill(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  // The text in the attribute `name` of `el`, or in `name-one` when `n` is one.
  function counted(el, name, n) {
    return (n === 1 && el.getAttribute(name + "-one")) || el.getAttribute(name);
  }
  function dueCount(data, today) {
    var n = 0;
    Object.keys(data.cards).forEach(function (id) { if (S.isDue(data.cards[id], today)) n++; });
    return n;
  }

  // Anywhere: "N cards due today", shown only when there are any.
  document.querySelectorAll(".due-today[data-text]").forEach(function (el) {
    var n = dueCount(load(), S.day());
    if (n > 0) {
      var target = el.querySelector(".due-text") || el;
      target.textContent = fill(counted(el, "data-text", n), { n: n });
      el.hidden = false;
    }
  });

  var practice = document.querySelector("section.practice");
  if (practice && S) practicePage(practice);
  var workshop = document.querySelector("section.workshop");
  if (workshop) workshopView(workshop);

  function practicePage(root) {
    var items = Array.prototype.slice.call(root.querySelectorAll(".flashcard-item[data-card]"));
    var cards = {};
    var ids = items.map(function (li) {
      var id = li.getAttribute("data-card");
      var from = li.querySelector(".from a");
      cards[id] = {
        front: li.querySelector(".front").textContent,
        back: li.querySelector(".back").textContent,
        from: from ? from.textContent : "",
        href: from ? from.getAttribute("href") : "",
      };
      return id;
    });
    var $ = function (sel) { return root.querySelector(sel); };
    var start = $(".practice-start");
    var session = $(".session");
    var done = $(".session-done");
    var back = $(".session-back");
    var reveal = $(".reveal");
    var grades = $(".grades");
    var queue = [];
    var current = null;
    var position = 0;
    var total = 0;
    var tally = [0, 0, 0, 0];
    var seen = 0;

    function overview() {
      var data = load();
      var today = S.day();
      var due = ids.filter(function (id) { return S.isDue(data.cards[id], today); }).length;
      var fresh = ids.filter(function (id) { return !data.cards[id]; }).length;
      var status = $(".due-status");
      status.textContent = due + fresh > 0
        ? fill(root.getAttribute("data-status"), { due: due, "new": Math.min(fresh, NEW_PER_SESSION) })
        : root.getAttribute("data-nothing");
      $(".start-session").hidden = due + fresh === 0;
      $(".start-all").hidden = due + fresh > 0;
      start.hidden = false;
    }

    function begin(all) {
      var data = load();
      queue = all ? ids.slice() : S.session(ids, data.cards, S.day(), NEW_PER_SESSION);
      if (!queue.length) return;
      total = queue.length;
      position = 0;
      seen = 0;
      tally = [0, 0, 0, 0];
      start.hidden = true;
      done.hidden = true;
      session.hidden = false;
      show();
    }

    function show() {
      current = queue.shift();
      position += 1;
      var c = cards[current];
      $(".session-status").textContent = fill(root.getAttribute("data-card-of"), { n: position, total: total });
      $(".session-from").textContent = c.from;
      $(".session-front").textContent = c.front;
      $(".session-answer").textContent = c.back;
      back.hidden = true;
      grades.hidden = true;
      reveal.parentNode.hidden = false;
      reveal.focus();
    }

    function showAnswer() {
      back.hidden = false;
      reveal.parentNode.hidden = true;
      grades.hidden = false;
      back.focus();
    }

    function grade(g) {
      var data = load();
      var today = S.day();
      data.cards[current] = S.next(data.cards[current], g, today);
      save(data);
      tally[g] += 1;
      seen += 1;
      if (g === 0) {
        // Again: once more in this session, after a few other cards.
        queue.splice(Math.min(3, queue.length), 0, current);
        total += 1;
      }
      if (queue.length) show();
      else finish(data);
    }

    function finish(data) {
      session.hidden = true;
      var soonest = null;
      ids.forEach(function (id) {
        var s = data.cards[id];
        if (s && (soonest === null || s.due < soonest)) soonest = s.due;
      });
      var text = fill(counted(root, "data-summary", seen), { n: seen, again: tally[0], hard: tally[1], good: tally[2], easy: tally[3] });
      if (soonest !== null) {
        var date = new Date(soonest * 86400000);
        var shown = date.toLocaleDateString(document.documentElement.lang, { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });
        text += " " + fill(root.getAttribute("data-next"), { date: shown });
      }
      $(".session-summary").textContent = text;
      done.hidden = false;
      done.focus();
      overview();
    }

    reveal.addEventListener("click", showAnswer);
    grades.querySelectorAll("button[data-grade]").forEach(function (b) {
      b.addEventListener("click", function () { grade(Number(b.getAttribute("data-grade"))); });
    });
    $(".start-session").addEventListener("click", function () { begin(false); });
    $(".start-all").addEventListener("click", function () { begin(true); });
    $(".start-again").addEventListener("click", function () { done.hidden = true; begin(false); if (session.hidden) start.querySelector("button:not([hidden])").focus(); });
    document.addEventListener("keydown", function (e) {
      if (session.hidden || e.altKey || e.ctrlKey || e.metaKey) return;
      var tag = (e.target.tagName || "").toLowerCase();
      if (tag === "input" || tag === "textarea") return;
      if (!grades.hidden && /^[1-4]$/.test(e.key)) {
        e.preventDefault();
        grade(Number(e.key) - 1);
      } else if (grades.hidden && e.key === " " && e.target !== reveal) {
        e.preventDefault();
        showAnswer();
      }
    });

    // The learner's data: save to a file, load from one, reset the deck or everything.
    var status = $(".data-status");
    $(".export").addEventListener("click", function () {
      var data = load();
      var progress = null;
      try { progress = JSON.parse(localStorage.getItem(site + ":progress") || "null"); } catch (e) { /* none */ }
      var file = { samkort: 1, site: site, practice: data, progress: progress };
      var a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([JSON.stringify(file, null, 1)], { type: "application/json" }));
      a.download = "samkort-" + new Date().toISOString().slice(0, 10) + ".json";
      document.body.appendChild(a);
      a.click();
      a.remove();
    });
    $(".import input").addEventListener("change", function (e) {
      var f = e.target.files && e.target.files[0];
      if (!f) return;
      f.text().then(function (text) {
        var file = JSON.parse(text);
        if (!file || file.samkort !== 1 || !file.practice || typeof file.practice.cards !== "object") throw new Error("not a samkort file");
        var data = load();
        Object.keys(file.practice.cards).forEach(function (id) {
          var mine = data.cards[id];
          var theirs = file.practice.cards[id];
          if (!mine || (theirs && theirs.last >= mine.last)) data.cards[id] = theirs;
        });
        save(data);
        if (file.progress && typeof file.progress === "object") {
          try { localStorage.setItem(site + ":progress", JSON.stringify(file.progress)); } catch (err) { /* storage may be off */ }
        }
        status.textContent = root.getAttribute("data-imported");
        overview();
      }).catch(function () {
        status.textContent = root.getAttribute("data-import-failed");
      });
      e.target.value = "";
    });
    $(".reset-deck").addEventListener("click", function () {
      if (!window.confirm(root.getAttribute("data-confirm"))) return;
      var data = load();
      ids.forEach(function (id) { delete data.cards[id]; });
      save(data);
      overview();
    });
    $(".reset-all").addEventListener("click", function () {
      if (!window.confirm(root.getAttribute("data-confirm"))) return;
      save({ version: 1, cards: {} });
      overview();
    });
    $(".practice-data").hidden = false;
    overview();
  }

  // The workshop view: one reflection question at a time in large type, for a projector;
  // arrow keys move, Escape closes, a timer shows how long the room has talked.
  function workshopView(root) {
    var questions = Array.prototype.slice.call(root.querySelectorAll(".question-list li")).map(function (li) {
      var from = li.querySelector(".from a");
      return { text: li.querySelector(".question").textContent, from: from ? from.textContent : "" };
    });
    var view = root.querySelector(".workshop-view");
    var opener = root.querySelector(".workshop-start");
    var at = 0;
    var started = 0;
    var timer = null;
    function tick() {
      var s = Math.floor((Date.now() - started) / 1000);
      view.querySelector(".workshop-timer").textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    }
    function show(i) {
      at = Math.max(0, Math.min(questions.length - 1, i));
      view.querySelector(".workshop-status").textContent = fill(root.getAttribute("data-question-of"), { n: at + 1, total: questions.length });
      view.querySelector(".workshop-question").textContent = questions[at].text;
      view.querySelector(".workshop-from").textContent = questions[at].from;
      view.querySelector(".workshop-prev").disabled = at === 0;
      view.querySelector(".workshop-next").disabled = at === questions.length - 1;
      started = Date.now();
      tick();
      view.querySelector(".workshop-question").focus();
    }
    function close() {
      view.hidden = true;
      document.documentElement.classList.remove("workshop-open");
      clearInterval(timer);
      opener.focus();
    }
    opener.addEventListener("click", function () {
      view.hidden = false;
      document.documentElement.classList.add("workshop-open");
      timer = setInterval(tick, 1000);
      show(0);
    });
    view.querySelector(".workshop-prev").addEventListener("click", function () { show(at - 1); });
    view.querySelector(".workshop-next").addEventListener("click", function () { show(at + 1); });
    view.querySelector(".workshop-close").addEventListener("click", close);
    document.addEventListener("keydown", function (e) {
      if (view.hidden) return;
      if (e.key === "ArrowRight" || e.key === "PageDown") { e.preventDefault(); show(at + 1); }
      else if (e.key === "ArrowLeft" || e.key === "PageUp") { e.preventDefault(); show(at - 1); }
      else if (e.key === "Escape") { e.preventDefault(); close(); }
      else if (e.key === "Tab") {
        // Keep focus in the view while it is open.
        var buttons = Array.prototype.slice.call(view.querySelectorAll("button:not([disabled])"));
        var i = buttons.indexOf(document.activeElement);
        if (e.shiftKey && i <= 0) { e.preventDefault(); buttons[buttons.length - 1].focus(); }
        else if (!e.shiftKey && i === buttons.length - 1) { e.preventDefault(); buttons[0].focus(); }
      }
    });
    opener.hidden = questions.length === 0;
  }
})();
