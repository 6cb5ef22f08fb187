/* Leaving an admin form with unsaved changes asks first, instead of losing what was typed.
 *
 * Any edit in the page's main form (typing, the rich-text editor, a choice in a select or autocomplete, a
 * file picked) marks it changed; submitting it (save, a workflow button) does not ask, except a submit that
 * opens in another tab (the preview of unsaved edits), which leaves this page as it was. The browser shows
 * its own question: pages may not word it.
 */
(function () {
  "use strict";

  function watch(form) {
    let changed = false;
    let leaving = false;
    const mark = function () { changed = true; };
    form.addEventListener("input", mark, true);
    form.addEventListener("change", mark, true);
    if (window.django && window.django.jQuery) {
      // select2 (autocomplete fields) announces a choice with a jQuery event only.
      window.django.jQuery(form).on("change", mark);
    }
    form.addEventListener("submit", function (event) {
      const submitter = event.submitter;
      if (!(submitter && submitter.getAttribute("formtarget") === "_blank")) {
        leaving = true;
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (changed && !leaving) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  // After the page's own scripts have set the form up (editors fill their fields as they start).
  window.addEventListener("load", function () {
    const form = document.querySelector("#content-main form[method=post][id$='_form']");
    if (form && !document.body.classList.contains("popup")) {
      watch(form);
    }
  });
})();
