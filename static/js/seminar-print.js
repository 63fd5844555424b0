// Printable agenda: the "Print" button opens the browser's print dialog. It is hidden in
// the markup and shown here, so people without JavaScript do not see a button that does
// nothing (they print with the browser's own menu).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-print-button]");
    if (!button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
