/* A Jalali calendar on every date box (input.jalali-date) of Persian pages:
   the vendored @majidh1/jalalidatepicker, writing 1403/01/05 as the box
   accepts; the box stays a text box, so a date may still be typed by hand
   (بهمن ۱۳۸۰, 1380/11). English pages keep the plain box: their dates are
   typed, Jalali or ISO. */
(function () {
  "use strict";
  if ((document.documentElement.lang || "").slice(0, 2) !== "fa") return;

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.jalaliDatepicker) return;
    document.querySelectorAll("input.jalali-date").forEach(function (input) {
      input.setAttribute("data-jdp", "");
    });
    window.jalaliDatepicker.startWatch({
      selector: "input.jalali-date",
      autoReadOnlyInput: false,
      persianDigits: false,
      showTodayBtn: true,
      showEmptyBtn: true,
      showCloseBtn: true,
      zIndex: 2000
    });
  });
})();
