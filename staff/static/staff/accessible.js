/* Names for controls that Django's admin scripts and select2 build without
   one (axe-core: aria-prohibited-attr, aria-input-field-name, label). */
(function () {
  "use strict";

  function repair() {
    // SelectFilter's magnifying glass: a labelled span needs a role.
    document.querySelectorAll(".search-label-icon[aria-label]").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
    // select2's box is named by the label of the <select> it stands for.
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var container = select.nextElementSibling;
      var box = container && container.querySelector(".select2-selection");
      if (!label || !box) return;
      label.id = label.id || select.id + "-label";
      var named = (box.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
      if (named.indexOf(label.id) === -1) box.setAttribute("aria-labelledby", [label.id].concat(named).join(" "));
      var shown = box.querySelector(".select2-selection__rendered[role]");
      if (shown && shown.getAttribute("aria-labelledby") !== label.id) shown.setAttribute("aria-labelledby", label.id);
    });
    // django-import-export's "select all" box on the export page.
    document.querySelectorAll("input.select-toggle:not([aria-label])").forEach(function (box) {
      var label = box.closest("label") || box.parentElement;
      box.setAttribute("aria-label", (label && label.textContent.trim()) || box.name);
    });
  }

  window.addEventListener("load", function () {
    repair();
    // select2 rewrites its labels when it gains focus (the first field of a form has it).
    new MutationObserver(repair).observe(document.body, {
      subtree: true, attributes: true, attributeFilter: ["aria-labelledby"]
    });
  });
  // Inline rows added later get an autocomplete box of their own.
  document.addEventListener("formset:added", function () { window.setTimeout(repair, 0); });
})();

/* The annual report's Print button (no inline handler: the site's CSP forbids them). */
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-print]")) window.print();
});
