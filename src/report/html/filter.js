// Filter box: hides entity and document sections that do not mention the
// text typed (hamza, alef maqsura, ta marbuta and vowel marks ignored).
(function () {
  "use strict";
  var box = document.getElementById("filter");
  if (!box) { return; }
  box.hidden = false;
  var q = document.getElementById("q");
  var only = document.getElementById("only-varied");
  var shown = document.getElementById("shown");
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-search]"));
  function fold(s) {
    return s.toLowerCase()
      .replace(/[\u064B-\u065F\u0670\u0640]/g, "")
      .replace(/[\u0623\u0625\u0622\u0671]/g, "\u0627")
      .replace(/\u0649/g, "\u064A")
      .replace(/\u0629/g, "\u0647");
  }
  var groups = Array.prototype.slice.call(document.querySelectorAll(".cards"));
  var keys = items.map(function (el) { return fold(el.getAttribute("data-search")); });
  function apply() {
    var t = fold(q.value.trim());
    var n = 0;
    items.forEach(function (el, i) {
      var isEntity = el.classList.contains("entity");
      var ok = (!t || keys[i].indexOf(t) >= 0) &&
        (!only.checked || !isEntity || el.classList.contains("varied"));
      el.hidden = !ok;
      if (ok && isEntity) { n += 1; }
    });
    // A group heading goes with its cards.
    groups.forEach(function (g) {
      var any = g.querySelector("article:not([hidden])") !== null;
      g.hidden = !any;
      if (g.previousElementSibling) { g.previousElementSibling.hidden = !any; }
    });
    shown.textContent = n + " / " + box.getAttribute("data-entities");
  }
  q.addEventListener("input", apply);
  only.addEventListener("change", apply);
  apply();
})();
