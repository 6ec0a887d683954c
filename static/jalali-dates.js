/* A Jalali calendar on every date box (input.jalali-date): the vendored
   @majidh1/jalalidatepicker, writing 1403/01/05 as the box accepts, in
   Persian digits on Persian pages (۱۴۰۳/۰۱/۰۵) and Latin ones on English
   pages, where a Jalali date may be typed too. The box stays a text box, so
   a date may still be typed by hand (بهمن ۱۳۸۰, 1380/11, 2001-03-21).
   Its year and month boxes get names for screen readers (the library
   leaves them unnamed); static/jalali-dates.css gives it readable colours. */
(function () {
  "use strict";
  var language = (document.documentElement.lang || "fa").slice(0, 2);
  var persian = language === "fa";
  var NAMES = {
    fa: {year: "سال", month: "ماه", previous: "پیشین", next: "پسین"},
    en: {year: "Year (Jalali)", month: "Month (Jalali)", previous: "Previous", next: "Next"}
  };
  var names = NAMES[language] || NAMES.en;

  function name(container) {
    // The calendar is Persian whatever the page's language: its month and day names.
    container.setAttribute("lang", "fa");
    container.setAttribute("dir", "rtl");
    [["year", names.year], ["month", names.month]].forEach(function (pair) {
      container.querySelectorAll(".jdp-" + pair[0] + " select, .jdp-" + pair[0] + " input").forEach(function (box) {
        if (box.getAttribute("aria-label") !== pair[1]) box.setAttribute("aria-label", pair[1]);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.jalaliDatepicker) return;
    document.querySelectorAll("input.jalali-date").forEach(function (input) {
      input.setAttribute("data-jdp", "");
    });
    window.jalaliDatepicker.startWatch({
      selector: "input.jalali-date",
      autoReadOnlyInput: false,
      persianDigits: persian,
      showTodayBtn: true,
      showEmptyBtn: true,
      showCloseBtn: true,
      zIndex: 2000
    });
    if (persian) {
      // The library writes Latin digits whatever it shows: the box keeps the page's.
      document.addEventListener("change", function (event) {
        var box = event.target;
        if (!box.matches || !box.matches("input.jalali-date")) return;
        var local = box.value.replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[+d]; });
        if (local !== box.value) box.value = local;
      });
    }
    // The calendar is built and rebuilt as it opens and pages through months.
    new MutationObserver(function () {
      document.querySelectorAll("jdp-container").forEach(name);
    }).observe(document.body, {childList: true, subtree: true});
  });
})();
