// Course-path progress, kept in the browser (localStorage); works offline and from file://.
(function () {
  "use strict";
  var KEY = "samkort.progress";
  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}"); } catch (e) { return {}; }
  }
  function save(p) {
    try { localStorage.setItem(KEY, JSON.stringify(p)); } catch (e) { /* storage may be off */ }
  }
  var progress = load();
  var lang = document.documentElement.lang;
  var labels = lang === "en" ? { mark: "Mark as done", done: "Done" } : { mark: "Markér som gennemgået", done: "Gennemgået" };

  // On a card that is a step of a path: a toggle button per path.
  document.querySelectorAll(".path-nav[data-path]").forEach(function (nav) {
    var path = nav.getAttribute("data-path");
    var step = nav.getAttribute("data-step");
    var done = progress[path] || [];
    var button = document.createElement("button");
    button.type = "button";
    function draw() {
      var on = done.indexOf(step) >= 0;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "✓ " + labels.done : labels.mark;
    }
    button.addEventListener("click", function () {
      var i = done.indexOf(step);
      if (i >= 0) { done.splice(i, 1); } else { done.push(step); }
      progress[path] = done;
      save(progress);
      draw();
    });
    draw();
    nav.appendChild(button);
  });

  // Print buttons on deck pages.
  document.querySelectorAll(".print-button").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });

  // On a path's own page: tick the steps done and show the count.
  document.querySelectorAll(".steps[data-path]").forEach(function (section) {
    var done = progress[section.getAttribute("data-path")] || [];
    var count = 0;
    section.querySelectorAll("li[data-step]").forEach(function (li) {
      if (done.indexOf(li.getAttribute("data-step")) >= 0) { li.classList.add("done"); count++; }
    });
    var p = section.querySelector(".progress");
    if (p) { p.hidden = false; p.querySelector(".progress-count").textContent = String(count); }
  });
})();
