// Behaviour every page shares, kept out of the templates so that the
// Content-Security-Policy can forbid inline script and style.
(function () {
  "use strict";

  // <button data-confirm="Delete?">: the browser's confirmation before submitting.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // <span data-left="12.5" data-width="3.1">: a bar placed on a time line, in %.
  function placeBars(root) {
    root.querySelectorAll("[data-left][data-width]").forEach(function (bar) {
      bar.style.left = bar.dataset.left + "%";
      bar.style.width = bar.dataset.width + "%";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    placeBars(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    placeBars(event.target);
  });
})();
