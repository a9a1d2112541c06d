// Offline search over the index in search/*.js (written by samkort, see src/search.rs). The
// index files are scripts, not JSON, so they load from disk (file://) as well as from any
// server; they are loaded only when someone searches, and only the parts a query needs: the
// list of terms, the postings of the terms that match, and the cards shown.
//
// A query word matches index terms (stems, æ/ø/å spelled ae/oe/aa: see stem.js) exactly, at
// their start, as the last part of a compound, or one typo away; every query word must match.
// A card whose whole title is the query comes first, then the highest score. The search page
// shows every hit, a page at a time, with a snippet of where it matched and filters by kind;
// the search box in the header suggests cards while typing (an ARIA combobox). Labels come
// from the page (data-* attributes written from the theme's i18n files).
(function () {
  "use strict";
  var S = (window.samkortSearch = {});
  var info = null;
  var facets = null;
  var shards = {};
  var docs = {};
  var waiting = {};
  var decoded = {};
  var PAGE = 20;
  var SUGGEST = 6;

  var base = "";
  var me = document.currentScript;
  if (me) base = me.getAttribute("src").replace(/static\/search\.js$/, "");

  function arrived(key) {
    (waiting[key] || []).forEach(function (f) { f(); });
    delete waiting[key];
  }
  S.terms = function (d) { info = d; arrived("terms"); };
  S.shard = function (name, data) { shards[name] = data; arrived("shard:" + name); };
  S.doc = function (id, d) { docs[id] = d; arrived("doc:" + id); };
  S.facets = function (d) { facets = d; arrived("facets"); };

  // Loads a script once; resolves when it has run (or failed to load).
  function load(key, src, have) {
    return new Promise(function (resolve) {
      if (have()) return resolve();
      var first = !waiting[key];
      (waiting[key] = waiting[key] || []).push(resolve);
      if (!first) return;
      var s = document.createElement("script");
      s.src = base + src;
      s.onload = s.onerror = function () { arrived(key); };
      document.head.appendChild(s);
    });
  }

  function ready() {
    return load("stem", "static/stem.js", function () { return !!window.samkortText; }).then(function () {
      return load("terms", "search/terms.js", function () { return !!info; });
    });
  }

  // "N cards found" from the data attributes of `labels`, "1 card found" for one.
  function counted(labels, n) {
    return (n === 1 && labels.foundOne ? labels.foundOne : labels.found).replace("{n}", n);
  }

  function shardName(term) {
    return term.slice(0, 2).replace(/[^a-z0-9]/g, "_").padEnd(2, "_");
  }

  function loadShard(name) {
    return load("shard:" + name, "search/" + name + ".js", function () { return name in shards; });
  }

  function loadDoc(id) {
    return load("doc:" + id, "search/doc/" + id + ".js", function () { return id in docs; });
  }

  function postings(term) {
    if (!decoded[term]) {
      var entry = (shards[shardName(term)] || {})[term];
      decoded[term] = entry ? [window.samkortText.decode(entry[0]), entry[1]] : [[], []];
    }
    return decoded[term];
  }

  // The kind of a card: cards are numbered kind by kind.
  function kindOf(id) {
    var k = info.kinds;
    var lo = 0;
    var hi = k.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (k[mid][0] <= id) lo = mid;
      else hi = mid - 1;
    }
    return k.length ? k[lo][1] : "";
  }

  function queryWords(q) {
    var T = window.samkortText;
    var out = [];
    T.words(q).forEach(function (w) {
      if (info.stop.indexOf(T.ascii(w[0])) < 0 && out.indexOf(w[0]) < 0) out.push(w[0]);
    });
    return out;
  }

  // Every card that matches every word of the query, best first:
  // { hits: [{id, score, exact}], terms: {term: true} } (the terms that matched, for snippets).
  S.search = function (query) {
    return ready().then(function () {
      var T = window.samkortText;
      if (!info) return { hits: [], terms: {} };
      var words = queryWords(query);
      if (!words.length) return { hits: [], terms: {} };
      var found = words.map(function (w) { return T.candidates(w, info.terms, info.lang, 100); });
      var needed = {};
      found.forEach(function (c) { c.forEach(function (tq) { needed[shardName(tq[0])] = true; }); });
      return Promise.all(Object.keys(needed).map(loadShard)).then(function () {
        var n = info.cards;
        var total = new Float64Array(n);
        var count = new Uint16Array(n);
        var inTitle = new Uint16Array(n);
        var titleLength = new Uint16Array(n);
        var matched = {};
        found.forEach(function (c) {
          var best = new Float64Array(n);
          var title = new Uint8Array(n);
          c.forEach(function (tq) {
            var p = postings(tq[0]);
            if (!p[0].length) return;
            matched[tq[0]] = true;
            var list = p[0];
            for (var i = 0; i < list.length; i += 2) {
              var s = list[i + 1] * tq[1];
              if (s > best[list[i]]) best[list[i]] = s;
            }
            if (tq[1] === T.EXACT) {
              for (var j = 0; j < p[1].length; j += 2) {
                title[p[1][j]] = 1;
                titleLength[p[1][j]] = p[1][j + 1];
              }
            }
          });
          for (var id = 0; id < n; id++) {
            if (best[id] > 0) {
              total[id] += best[id];
              count[id]++;
              inTitle[id] += title[id];
            }
          }
        });
        var hits = [];
        for (var id = 0; id < n; id++) {
          if (count[id] === words.length) {
            var exact = inTitle[id] === words.length && titleLength[id] === words.length;
            hits.push({ id: id, score: total[id], exact: exact });
          }
        }
        hits.sort(function (a, b) { return b.exact - a.exact || b.score - a.score || a.id - b.id; });
        return { hits: hits, terms: matched };
      });
    });
  };

  // Fills `el` with `text`, the words whose term is in `terms` marked.
  function marked(el, text, terms) {
    var T = window.samkortText;
    var at = 0;
    T.words(text).forEach(function (w) {
      if (!terms[T.term(w[0], info.lang)]) return;
      if (w[1] > at) el.appendChild(document.createTextNode(text.slice(at, w[1])));
      var m = document.createElement("mark");
      m.textContent = text.slice(w[1], w[2]);
      el.appendChild(m);
      at = w[2];
    });
    if (at < text.length) el.appendChild(document.createTextNode(text.slice(at)));
  }

  // The part of a card that matched: the summary when a query word is in it, else some words
  // around the first match in the text, else the summary.
  function snippet(doc, terms) {
    var T = window.samkortText;
    var fields = [doc[2], doc[3].replace(/\n/g, " ")];
    for (var f = 0; f < fields.length; f++) {
      var text = fields[f];
      var ws = T.words(text);
      for (var i = 0; i < ws.length; i++) {
        if (!terms[T.term(ws[i][0], info.lang)]) continue;
        if (f === 0 && text.length <= 300) return text;
        var from = Math.max(0, i - 8);
        var to = Math.min(ws.length - 1, from + 30);
        return (from > 0 ? "… " : "") + text.slice(ws[from][1], ws[to][2]) + (to < ws.length - 1 ? " …" : "");
      }
    }
    return doc[2];
  }

  function url(doc) {
    return base + doc[0];
  }

  // ------------------------------------------------------------------ the search page

  function page() {
    var form = document.querySelector("form.search-page");
    if (!form) return;
    var input = form.querySelector("input[type=search]");
    var status = document.querySelector(".search-status");
    var list = document.querySelector(".search-results");
    var more = document.querySelector(".search-more");
    var filters = document.querySelector(".search-filters");
    var t = status.dataset;
    var timer = null;
    var result = { hits: [], terms: {} };
    var kind = "";
    // The chosen term: its cards, marked by number.
    var term = "";
    var termCards = null;
    var shown = 0;
    var asked = null;
    // Counts the times the list was begun anew, so that cards still loading for an older list
    // are not added to the new one.
    var drawn = 0;

    function visible() {
      return result.hits.filter(function (h) {
        return (!kind || kindOf(h.id) === kind) && (!termCards || termCards[h.id]);
      });
    }

    // The cards of each term, as marks by card number: [taxonomy, [[name, marks], ...]].
    var termMarks = null;
    function marksOf() {
      if (!termMarks && facets) {
        termMarks = facets.map(function (tx) {
          return [tx[0], tx[1].map(function (t) {
            var marks = new Uint8Array(info.cards);
            var card = 0;
            var ids = window.samkortText.numbers(t[1]);
            ids.forEach(function (d) { card += d; marks[card] = 1; });
            return [t[0], marks];
          })];
        });
      }
      return termMarks;
    }

    function drawTerms() {
      var box = filters.querySelector(".search-term-filter");
      var select = box.querySelector("select");
      var all = marksOf();
      while (select.firstChild) select.removeChild(select.firstChild);
      var any = false;
      var first = document.createElement("option");
      first.value = "";
      first.textContent = select.dataset.all;
      select.appendChild(first);
      (all || []).forEach(function (tx, i) {
        var group = document.createElement("optgroup");
        group.label = tx[0];
        tx[1].forEach(function (t, j) {
          var n = 0;
          result.hits.forEach(function (h) { n += t[1][h.id]; });
          if (!n) return;
          var o = document.createElement("option");
          o.value = i + ":" + j;
          o.textContent = t[0] + " (" + n + ")";
          o.selected = o.value === term;
          group.appendChild(o);
        });
        if (group.firstChild) {
          select.appendChild(group);
          any = true;
        }
      });
      box.hidden = !any;
    }

    function showMore(focus) {
      var hits = visible().slice(shown, shown + PAGE);
      var g = drawn;
      shown += hits.length;
      return Promise.all(hits.map(function (h) { return loadDoc(h.id); })).then(function () {
        if (g !== drawn) return;
        var first = null;
        hits.forEach(function (h) {
          var d = docs[h.id];
          if (!d) return;
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = url(d);
          marked(a, d[1], result.terms);
          var k = document.createElement("span");
          k.className = "kind-label";
          k.textContent = " " + kindOf(h.id);
          li.appendChild(a);
          li.appendChild(k);
          var s = snippet(d, result.terms);
          if (s) {
            var p = document.createElement("p");
            p.className = "snippet";
            marked(p, s, result.terms);
            li.appendChild(p);
          }
          list.appendChild(li);
          if (!first) first = a;
        });
        more.hidden = shown >= visible().length;
        if (focus && first) first.focus();
      });
    }

    function drawFilters() {
      var select = filters.querySelector("#search-kind");
      while (select.firstChild) select.removeChild(select.firstChild);
      var counts = {};
      var order = [];
      result.hits.forEach(function (h) {
        var k = kindOf(h.id);
        if (!(k in counts)) {
          counts[k] = 0;
          order.push(k);
        }
        counts[k]++;
      });
      filters.hidden = !result.hits.length;
      order.sort();
      [""].concat(order).forEach(function (k) {
        var o = document.createElement("option");
        o.value = k;
        o.textContent = (k || select.dataset.all) + " (" + (k ? counts[k] : result.hits.length) + ")";
        o.selected = k === kind;
        select.appendChild(o);
      });
    }

    function draw() {
      while (list.firstChild) list.removeChild(list.firstChild);
      drawn++;
      shown = 0;
      var n = visible().length;
      status.textContent = asked && asked.trim() ? (n ? counted(t, n) : t.none) : "";
      return showMore(false);
    }

    function run() {
      var q = input.value;
      asked = q;
      var params = new URLSearchParams(location.search);
      if (q) params.set("q", q);
      else params.delete("q");
      try {
        history.replaceState(null, "", "?" + params.toString());
      } catch (e) {
        // file:// may refuse; the search works all the same.
      }
      return S.search(q).then(function (r) {
        if (q !== asked) return;
        result = r;
        if (kind && !r.hits.some(function (h) { return kindOf(h.id) === kind; })) kind = "";
        term = "";
        termCards = null;
        drawFilters();
        // The terms come after the hits: their file is only needed to filter.
        load("facets", "search/terms-of-cards.js", function () { return !!facets; }).then(function () {
          if (q === asked) drawTerms();
        });
        return draw();
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      run();
    });
    more.addEventListener("click", function () { showMore(true); });
    filters.querySelector("#search-kind").addEventListener("change", function (e) {
      kind = e.target.value;
      draw();
    });
    filters.querySelector("#search-term").addEventListener("change", function (e) {
      term = e.target.value;
      var at = term.split(":");
      termCards = term ? marksOf()[Number(at[0])][1][Number(at[1])][1] : null;
      draw();
    });
    var q = new URLSearchParams(location.search).get("q");
    if (q) {
      input.value = q;
      run();
    }
  }

  // --------------------------------------------------- suggestions in the header's search box

  function suggestions() {
    var form = document.querySelector("form.site-search");
    var input = form && form.querySelector("input[type=search]");
    if (!input || document.querySelector("form.search-page")) return;
    var labels = form.dataset;
    var box = document.createElement("ul");
    box.id = input.id + "-list";
    box.className = "search-suggestions";
    box.setAttribute("role", "listbox");
    box.setAttribute("aria-label", labels.suggestions || "");
    box.hidden = true;
    var live = document.createElement("span");
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    form.appendChild(box);
    form.appendChild(live);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", box.id);
    input.setAttribute("autocomplete", "off");
    var options = [];
    var active = -1;
    var timer = null;
    var asked = null;

    function close() {
      box.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function select(i) {
      options.forEach(function (o, k) { o.li.setAttribute("aria-selected", k === i ? "true" : "false"); });
      active = i;
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", options[i].li.id);
        options[i].li.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function option(href, text, kind, terms) {
      var li = document.createElement("li");
      li.id = box.id + "-" + options.length;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var title = document.createElement("span");
      title.className = "suggestion-title";
      if (terms) marked(title, text, terms);
      else title.textContent = text;
      li.appendChild(title);
      if (kind) {
        var k = document.createElement("span");
        k.className = "kind-label";
        k.textContent = " " + kind;
        li.appendChild(k);
      }
      li.addEventListener("mousedown", function (e) { e.preventDefault(); });
      li.addEventListener("click", function () { location.href = href; });
      options.push({ li: li, href: href });
      box.appendChild(li);
    }

    function run() {
      var q = input.value;
      asked = q;
      if (!q.trim()) {
        close();
        live.textContent = "";
        return;
      }
      S.search(q).then(function (r) {
        var top = r.hits.slice(0, SUGGEST);
        return Promise.all(top.map(function (h) { return loadDoc(h.id); })).then(function () {
          if (q !== asked) return;
          while (box.firstChild) box.removeChild(box.firstChild);
          options = [];
          top.forEach(function (h) {
            var d = docs[h.id];
            if (d) option(url(d), d[1], kindOf(h.id), r.terms);
          });
          var all = form.getAttribute("action") + "?q=" + encodeURIComponent(q);
          if (r.hits.length) option(all, (labels.allResults || "").replace("{n}", r.hits.length), "", null);
          live.textContent = r.hits.length ? counted(labels, r.hits.length) : labels.none;
          box.hidden = !options.length;
          input.setAttribute("aria-expanded", options.length ? "true" : "false");
          select(-1);
        });
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    input.addEventListener("keydown", function (e) {
      var open = !box.hidden && options.length;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!open) {
          if (input.value.trim()) run();
          return;
        }
        e.preventDefault();
        var n = options.length;
        select(e.key === "ArrowDown" ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
      } else if (e.key === "Enter" && open && active >= 0) {
        e.preventDefault();
        location.href = options[active].href;
      } else if (e.key === "Escape" && open) {
        e.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function start() {
    page();
    suggestions();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
