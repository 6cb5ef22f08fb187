/*
 * The language menu of the translation tabs (django-modeltranslation's select beside the page title) names the
 * language the tabs show. modeltranslation opens every field's tabs on the page's language (English under
 * /en/admin/) but starts its menu on the first language, "vi": the menu then contradicts the tabs below it, and
 * an inline row added later opens on the menu's language, not the page's. Once modeltranslation has built both
 * (its own "document ready" handler, which runs before this later one), the menu is set to the language of the
 * first open tab. Loaded by templates/admin/change_form.html.
 */
(function ($) {
  "use strict";
  if (!$) {
    return;
  }
  $(function () {
    var menu = document.getElementById("modeltranslation-main-switch");
    var open = document.querySelector(".ui-tabs-nav > li.ui-tabs-active > a");
    if (!menu || !open) {
      return;
    }
    var language = open.textContent.trim();
    for (var i = 0; i < menu.options.length; i += 1) {
      if (menu.options[i].textContent.trim() === language) {
        menu.value = menu.options[i].value;
        return;
      }
    }
  });
})(window.django && window.django.jQuery ? window.django.jQuery : window.jQuery);
