// django-import-export's "Select all" box calls its handler from an inline
// onchange attribute, which the Content Security Policy blocks: bind it here.
document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll("input.select-toggle")) {
    box.addEventListener("change", (event) => window.onSelectToggleChange && window.onSelectToggleChange(event));
  }
});
