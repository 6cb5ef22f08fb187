/*
 * The one piece of jQuery UI that django-modeltranslation's tabbed admin uses: $.fn.tabs.
 * Supports tabs({active: n}), tabs("option", "active", n) and the "tabsactivate" event, with
 * ARIA tab roles and arrow-key navigation. Our own code, so the admin needs no CDN.
 */
(function ($) {
  "use strict";
  if (!$ || $.fn.tabs) {
    return;
  }

  function activate($container, index, focus) {
    var $items = $container.children("ul").first().children("li");
    var $links = $items.children("a");
    index = Math.max(0, Math.min(index, $items.length - 1));
    var oldIndex = $container.data("mtActive");
    $items.each(function (i) {
      var $li = $(this);
      var $a = $li.children("a");
      var $panel = $($a.attr("href"));
      var selected = i === index;
      $li.toggleClass("ui-tabs-active ui-state-active", selected);
      $a.attr({ "aria-selected": selected ? "true" : "false", tabindex: selected ? "0" : "-1" });
      $panel.toggleClass("ui-tabs-hide", !selected).attr("aria-hidden", selected ? "false" : "true");
      if (selected) {
        $panel.show();
      } else {
        $panel.hide();
      }
    });
    $container.data("mtActive", index);
    if (focus) {
      $links.eq(index).trigger("focus");
    }
    if (oldIndex !== undefined && oldIndex !== index) {
      $container.trigger("tabsactivate", [{ newTab: $items.eq(index), oldTab: $items.eq(oldIndex) }]);
    }
  }

  function init($container, options) {
    var $list = $container.children("ul").first();
    $container.addClass("ui-tabs ui-widget");
    $list.addClass("ui-tabs-nav").attr("role", "tablist");
    $list.children("li").each(function () {
      var $li = $(this).addClass("ui-state-default").attr("role", "presentation");
      var $a = $li.children("a").attr("role", "tab");
      var panelId = ($a.attr("href") || "").replace(/^#/, "");
      $a.attr("aria-controls", panelId);
      $("#" + panelId).addClass("ui-tabs-panel").attr({ role: "tabpanel" });
    });
    $list.on("click", "a", function (event) {
      event.preventDefault();
      activate($container, $(this).parent().index(), false);
    });
    $list.on("keydown", "a", function (event) {
      var count = $list.children("li").length;
      var index = $(this).parent().index();
      if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
        event.preventDefault();
        var step = event.key === "ArrowRight" ? 1 : count - 1;
        activate($container, (index + step) % count, true);
      }
    });
    activate($container, (options && options.active) || 0, false);
  }

  $.fn.tabs = function (options, name, value) {
    return this.each(function () {
      var $container = $(this);
      if (options === "option" && name === "active") {
        activate($container, parseInt(value, 10) || 0, false);
      } else if (typeof options !== "string") {
        init($container, options);
      }
    });
  };
})(window.django && window.django.jQuery ? window.django.jQuery : window.jQuery);
