// The site's behaviour in the browser: the menu on small screens, the colour-scheme toggle,
// course-path progress (kept in localStorage, per site and per step), print buttons, and
// answers opened for printing. Labels come from the page (data-* attributes written from the theme's UI strings),
// never from this file. Works offline and from file://.
(function () {
  "use strict";
  var root = document.documentElement;

  function load(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key) || "null") || fallback; } catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage may be off */ }
  }

  // The menu on small screens: a disclosure button for the navigation.
  var menu = document.querySelector(".menu-button");
  var nav = document.getElementById("site-nav");
  if (menu && nav) {
    menu.addEventListener("click", function () {
      var open = menu.getAttribute("aria-expanded") !== "true";
      menu.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("open", open);
      if (open) { var first = nav.querySelector("a"); if (first) first.focus(); }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && menu.getAttribute("aria-expanded") === "true") {
        menu.click();
        menu.focus();
      }
    });
  }

  // Light or dark: the reader's choice is remembered (scheme.js applies it on every page).
  var toggle = document.querySelector(".scheme-toggle");
  if (toggle) {
    var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
    var isDark = function () {
      var s = root.getAttribute("data-scheme");
      return s ? s === "dark" : !!(dark && dark.matches);
    };
    var draw = function () { toggle.setAttribute("aria-pressed", isDark() ? "true" : "false"); };
    toggle.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-scheme", next);
      try { localStorage.setItem("samkort.scheme", next); } catch (e) { /* storage may be off */ }
      draw();
    });
    if (dark && dark.addEventListener) dark.addEventListener("change", draw);
    toggle.hidden = false;
    draw();
  }

  // Course-path progress, kept per site (data-site on <body>) and per step card's slug, so
  // that adding or moving steps keeps every tick on its card. `last` is the step seen last.
  var KEY = (document.body.getAttribute("data-site") || "samkort") + ":progress";
  var progress = load(KEY, null) || { paths: {}, last: null };
  if (!progress.paths) progress = { paths: {}, last: null };
  function stepsDone(path) { return progress.paths[path] || (progress.paths[path] = []); }

  // On a card that is a step of a path: a toggle button per path; the step is remembered as
  // where the learner left off.
  document.querySelectorAll(".path-nav[data-path]").forEach(function (pathNav) {
    var path = pathNav.getAttribute("data-path");
    var step = pathNav.getAttribute("data-step");
    var button = document.createElement("button");
    button.type = "button";
    function draw() {
      var on = stepsDone(path).indexOf(step) >= 0;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "✓ " + pathNav.getAttribute("data-done") : pathNav.getAttribute("data-mark");
    }
    button.addEventListener("click", function () {
      var done = stepsDone(path);
      var i = done.indexOf(step);
      if (i >= 0) { done.splice(i, 1); } else { done.push(step); }
      save(KEY, progress);
      draw();
    });
    progress.last = { path: path, url: pathNav.getAttribute("data-url"), title: pathNav.getAttribute("data-title") };
    save(KEY, progress);
    draw();
    pathNav.appendChild(button);
  });

  // "Continue where you left off": on the home page the step seen last, on a path's page its
  // first step not done yet.
  function showContinue(el, url, title) {
    var a = el.querySelector("a");
    a.href = el.getAttribute("data-root") + url;
    a.textContent = title;
    el.hidden = false;
  }
  var homeContinue = document.querySelector(".hero .continue");
  if (homeContinue && progress.last && progress.last.url) showContinue(homeContinue, progress.last.url, progress.last.title);

  // On a path's own page: tick the steps done, show the count and where to go on.
  document.querySelectorAll(".steps[data-path]").forEach(function (section) {
    var path = section.getAttribute("data-path");
    var items = section.querySelectorAll("li[data-step]");
    function draw() {
      var done = stepsDone(path);
      var count = 0;
      var next = null;
      items.forEach(function (li) {
        var on = done.indexOf(li.getAttribute("data-step")) >= 0;
        li.classList.toggle("done", on);
        if (on) count++;
        else if (!next) next = li;
      });
      var p = section.querySelector(".progress");
      if (p) { p.hidden = false; p.querySelector(".progress-count").textContent = String(count); }
      var cont = section.querySelector(".continue");
      if (cont) {
        if (count > 0 && next) showContinue(cont, next.getAttribute("data-url"), next.querySelector("a").textContent);
        else cont.hidden = true;
      }
    }
    var reset = section.querySelector(".reset-progress");
    if (reset) {
      reset.addEventListener("click", function () {
        progress.paths[path] = [];
        if (progress.last && progress.last.path === path) progress.last = null;
        save(KEY, progress);
        draw();
      });
    }
    draw();
  });

  // Link previews: hovering or focusing a link to another card shows its kind, title and
  // summary (from the link's data-preview attributes), announced as the link's description.
  // The preview stays while the pointer is over it (WCAG 1.4.13) and Escape hides it. Without
  // scripts the link simply works.
  var preview = null;
  var previewFor = null;
  var hideTimer = 0;
  function hidePreview() {
    clearTimeout(hideTimer);
    if (!preview || !previewFor) return;
    previewFor.removeAttribute("aria-describedby");
    preview.hidden = true;
    previewFor = null;
  }
  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hidePreview, 250);
  }
  function part(tag, className) {
    var el = document.createElement(tag);
    el.className = className;
    preview.appendChild(el);
    return el;
  }
  function showPreview(a) {
    if (!preview) {
      preview = document.createElement("div");
      preview.className = "preview";
      preview.id = "link-preview";
      preview.setAttribute("role", "tooltip");
      part("span", "preview-kind");
      part("strong", "preview-title");
      part("p", "preview-summary");
      preview.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      preview.addEventListener("mouseleave", hideSoon);
      document.body.appendChild(preview);
    }
    hidePreview();
    preview.querySelector(".preview-kind").textContent = a.getAttribute("data-preview-kind") || "";
    preview.querySelector(".preview-title").textContent = a.getAttribute("data-preview-title");
    preview.querySelector(".preview-summary").textContent = a.getAttribute("data-preview");
    var box = a.getBoundingClientRect();
    var view = document.documentElement.clientWidth;
    var width = Math.min(352, view - 16);
    preview.style.width = width + "px";
    preview.style.left = Math.max(8, Math.min(box.left, view - width - 8)) + window.scrollX + "px";
    preview.style.top = box.bottom + window.scrollY + 6 + "px";
    preview.hidden = false;
    a.setAttribute("aria-describedby", "link-preview");
    previewFor = a;
  }
  document.querySelectorAll("a[data-preview]").forEach(function (a) {
    a.addEventListener("mouseenter", function () { showPreview(a); });
    a.addEventListener("focus", function () { showPreview(a); });
    a.addEventListener("mouseleave", hideSoon);
    a.addEventListener("blur", hidePreview);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hidePreview();
  });

  // Filters of a kind's list: each value toggles at once; values of one facet widen the list
  // (or), facets narrow it (and). Term links become toggles; without scripts they lead to the
  // term's page.
  document.querySelectorAll(".filters").forEach(function (box) {
    var list = document.querySelector(".filtered-list");
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);
    var chips = Array.prototype.slice.call(box.querySelectorAll(".chip"));
    var bar = box.querySelector(".filter-bar");
    var status = box.querySelector(".filter-status");
    box.querySelectorAll("[data-script-only], .filter-note").forEach(function (el) { el.hidden = false; });
    function facetOf(token) { return token.split("=")[0]; }
    function apply() {
      var chosen = {};
      chips.forEach(function (c) {
        if (c.getAttribute("aria-pressed") === "true") {
          var t = c.getAttribute("data-token");
          (chosen[facetOf(t)] = chosen[facetOf(t)] || []).push(t);
        }
      });
      var facets = Object.keys(chosen);
      var shown = 0;
      items.forEach(function (li) {
        var has = (li.getAttribute("data-filter") || "").split(" ");
        var ok = facets.every(function (f) {
          return chosen[f].some(function (t) { return has.indexOf(t) >= 0; });
        });
        li.hidden = !ok;
        if (ok) shown++;
      });
      bar.hidden = facets.length === 0;
      status.textContent = facets.length === 0 ? "" : box.getAttribute("data-status")
        .replace("{n}", shown).replace("{total}", items.length);
    }
    chips.forEach(function (c) {
      if (c.tagName === "A") {
        c.setAttribute("role", "button");
        c.setAttribute("aria-pressed", "false");
        c.addEventListener("keydown", function (e) {
          if (e.key === " ") { e.preventDefault(); c.click(); }
        });
      }
      c.addEventListener("click", function (e) {
        e.preventDefault();
        c.setAttribute("aria-pressed", c.getAttribute("aria-pressed") === "true" ? "false" : "true");
        apply();
      });
    });
    box.querySelector(".clear-filters").addEventListener("click", function () {
      chips.forEach(function (c) { c.setAttribute("aria-pressed", "false"); });
      apply();
      if (chips[0]) chips[0].focus();
    });
  });

  // Print buttons on deck pages.
  document.querySelectorAll(".print-button").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });

  // A printed page shows every answer and every collapsed list; they close again afterwards.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
