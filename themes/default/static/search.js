// Offline search over the index in search/*.js (written by samkort). The index files are
// scripts, not JSON, so they load from disk (file://) as well as from any server.
//
// A query word matches an index word that starts with it (full weight) or, from four letters,
// contains it (half weight): Danish inflects at the end (aftale, aftaler) and puts the head of
// a compound last (sundhedsaftale), so "aftale" finds both.
(function () {
  "use strict";
  var S = (window.samkortSearch = { docsList: null, wordList: [], stop: [], shards: {}, waiting: {} });
  S.docs = function (d) { S.docsList = d; };
  S.words = function (w, stop) { S.wordList = w; S.stop = stop || []; };
  S.shard = function (name, data) {
    S.shards[name] = data;
    (S.waiting[name] || []).forEach(function (f) { f(); });
    delete S.waiting[name];
  };

  var base = "";
  var me = document.currentScript;
  if (me) base = me.getAttribute("src").replace(/static\/search\.js$/, "");

  function shardName(w) {
    var c = w.charAt(0);
    if (c === "æ") return "ae";
    if (c === "ø") return "oe";
    if (c === "å") return "aa";
    return /[a-z0-9]/.test(c) ? c : "_";
  }

  function load(name) {
    return new Promise(function (resolve) {
      if (S.shards[name]) return resolve();
      var first = !S.waiting[name];
      (S.waiting[name] = S.waiting[name] || []).push(resolve);
      if (!first) return;
      var s = document.createElement("script");
      s.src = base + "search/" + name + ".js";
      s.onerror = function () { S.shard(name, {}); };
      document.head.appendChild(s);
    });
  }

  // Query words are folded as the index's words were (src/text.rs): æ, ø, å stay; ä, ö, ü are
  // the Danish æ, ø, y; any other letter loses its accents (é -> e, ř -> r).
  var FOLD = { "ä": "æ", "ö": "ø", "ü": "y", "ß": "ss" };

  function fold(c) {
    return FOLD[c] || c.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function words(q) {
    return q
      .toLowerCase()
      .replace(/[^\u0000-\u007fæøå]/g, fold)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(function (w) { return w.length >= 2 && S.stop.indexOf(w) < 0; });
  }

  // Cards that match every query word, best first: [[card number, score], ...].
  S.search = function (query) {
    var terms = words(query);
    if (!terms.length) return Promise.resolve([]);
    var candidates = terms.map(function (t) {
      var out = [];
      for (var i = 0; i < S.wordList.length && out.length < 200; i++) {
        var w = S.wordList[i];
        if (w.lastIndexOf(t, 0) === 0) out.push([w, 1]);
        else if (t.length >= 4 && w.indexOf(t) > 0) out.push([w, 0.5]);
      }
      return out;
    });
    var needed = {};
    candidates.forEach(function (c) { c.forEach(function (wf) { needed[shardName(wf[0])] = true; }); });
    return Promise.all(Object.keys(needed).map(load)).then(function () {
      var total = null;
      candidates.forEach(function (c) {
        var best = {};
        c.forEach(function (wf) {
          (S.shards[shardName(wf[0])][wf[0]] || []).forEach(function (p) {
            var score = p[1] * wf[1];
            if (!(p[0] in best) || best[p[0]] < score) best[p[0]] = score;
          });
        });
        if (total === null) {
          total = best;
        } else {
          var both = {};
          Object.keys(total).forEach(function (d) { if (d in best) both[d] = total[d] + best[d]; });
          total = both;
        }
      });
      return Object.keys(total || {})
        .map(function (d) { return [Number(d), total[d]]; })
        .sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    });
  };

  // The search page: a form, a status line and the list of hits.
  function page() {
    var form = document.querySelector("form.search-page");
    if (!form) return;
    var input = form.querySelector("input[type=search]");
    var status = document.querySelector(".search-status");
    var list = document.querySelector(".search-results");
    var t = status.dataset;
    var timer = null;
    function run() {
      var q = input.value;
      S.search(q).then(function (hits) {
        if (q !== input.value) return;
        list.innerHTML = "";
        hits.slice(0, 50).forEach(function (h) {
          var d = S.docsList[h[0]];
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = base + d[0];
          a.textContent = d[1];
          var kind = document.createElement("span");
          kind.className = "kind-label";
          kind.textContent = " " + d[2];
          li.appendChild(a);
          li.appendChild(kind);
          if (d[3]) {
            var p = document.createElement("p");
            p.textContent = d[3];
            li.appendChild(p);
          }
          list.appendChild(li);
        });
        status.textContent = words(q).length ? (hits.length ? t.found.replace("{n}", hits.length) : t.none) : "";
      });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      run();
    });
    var q = new URLSearchParams(location.search).get("q");
    if (q) {
      input.value = q;
      run();
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", page);
  else page();
})();
