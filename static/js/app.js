// QualityHub page behaviour. No inline scripts anywhere: the CSP forbids them.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    if (window.DKFDS) {
      window.DKFDS.init();
    }
    // Move focus to an error summary so screen-reader and keyboard users land on it.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  });

  // After an htmx swap, put focus where the swapped content asks for it
  // (data-autofocus), or on the swapped element itself, so keyboard users keep their place.
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.detail.elt;
    if (!root || !root.querySelector) {
      return;
    }
    var target =
      root.querySelector("[data-error-summary]") ||
      root.querySelector("[data-autofocus]") ||
      (root.hasAttribute && root.hasAttribute("data-autofocus") ? root : null);
    if (target) {
      if (!target.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
  });
})();
