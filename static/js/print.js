/* The print view's "Print" button (templates/news/article_print.html): shown only where this script runs, so
   a reader without scripts never meets a button that does nothing (the browser's own Print remains). */
"use strict";
(function () {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }
})();
