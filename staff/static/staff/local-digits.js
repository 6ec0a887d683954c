/* Persian digits in the admin's action counter ("۰ از ۲۸ انتخاب شده"):
   Django's actions.js rewrites it with Latin digits at every tick of a box. */
(function () {
  "use strict";
  if ((document.documentElement.lang || "").slice(0, 2) !== "fa") return;
  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹";

  function persian(text) {
    return text.replace(/[0-9]/g, function (d) { return PERSIAN[+d]; });
  }

  function localise(element) {
    var text = element.textContent;
    var local = persian(text);
    if (local !== text) element.textContent = local;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".actions .action-counter, .actions .all").forEach(function (element) {
      localise(element);
      new MutationObserver(function () { localise(element); })
        .observe(element, {childList: true, characterData: true, subtree: true});
    });
  });
})();
