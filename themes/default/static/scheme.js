// Runs before the page is drawn: marks that scripts run (the menu button is used only then) and
// applies the colour scheme the reader chose, so the page never flashes in the other one.
// Without a choice the page follows the system's setting.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var s = localStorage.getItem("samkort.scheme");
    if (s === "light" || s === "dark") root.setAttribute("data-scheme", s);
  } catch (e) { /* storage may be off */ }
})();
