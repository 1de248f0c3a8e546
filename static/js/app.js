/*
 * Small enhancements of the server-rendered pages. The Content Security Policy allows no
 * inline script and no style attribute, so what a template would have written inline is
 * done here: a `data-width="42"` attribute sets the element's width to 42 % (progress bars),
 * on first load and in every fragment htmx swaps in.
 */
(function () {
  "use strict";

  function applyWidths(root) {
    var elements = Array.prototype.slice.call(root.querySelectorAll("[data-width]"));
    if (root.hasAttribute && root.hasAttribute("data-width")) {
      elements.push(root);
    }
    elements.forEach(function (element) {
      var value = Number(element.getAttribute("data-width"));
      if (!isNaN(value)) {
        element.style.width = Math.max(0, Math.min(100, value)) + "%";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    applyWidths(document);
  });
  document.addEventListener("htmx:load", function (event) {
    applyWidths(event.target);
  });
})();
