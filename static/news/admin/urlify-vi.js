/*
 * Slugs typed in the admin follow the same rule as news/search.py's vietnamese_slugify: strip the marks and
 * write "đ" as "d" before Django's URLify sees the text. Django's own map drops letters that carry two marks
 * (ộ, ị, ổ, ế), so "Hội nghị" would otherwise become "hi-ngh".
 */
(function () {
  "use strict";
  var urlify = window.URLify;
  if (typeof urlify !== "function" || urlify.vietnamese) {
    return;
  }
  var folded = function (text, maxLength, allowUnicode) {
    var plain = String(text)
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "");
    return urlify(plain, maxLength, allowUnicode);
  };
  folded.vietnamese = true;
  window.URLify = folded;
})();
