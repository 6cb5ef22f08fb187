/*
 * The focal point of a library image (news/admin/media.py): clicking the picture on the image's form sets the
 * two number fields "focal point, across/down" (fractions of the width and height from the top left corner) and
 * moves the marker there; typing in the fields moves the marker too, so the keyboard does all the mouse does.
 * The server checks the numbers (0 to 1) and remakes the cropped renditions around the point on save.
 * A writer who may not change the image sees the picture and its marker only: no fields, nothing to click.
 */
(function () {
  "use strict";

  function ready(callback) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", callback);
    } else {
      callback();
    }
  }

  function fraction(value) {
    var number = parseFloat(String(value).replace(",", "."));
    if (isNaN(number)) {
      return 0.5; // empty: the middle, as the crops take it
    }
    return Math.min(Math.max(number, 0), 1);
  }

  ready(function () {
    var frame = document.querySelector(".focal-point");
    var across = document.getElementById("id_focal_x");
    var down = document.getElementById("id_focal_y");
    if (!frame || !across || !down) {
      return;
    }
    var picture = frame.querySelector("img");
    var marker = frame.querySelector(".focal-marker");
    frame.classList.add("focal-point-active");
    picture.title = frame.getAttribute("data-focal-hint") || "";

    function place() {
      marker.style.left = fraction(across.value) * 100 + "%";
      marker.style.top = fraction(down.value) * 100 + "%";
    }

    picture.addEventListener("click", function (event) {
      var box = picture.getBoundingClientRect();
      if (!box.width || !box.height) {
        return;
      }
      across.value = fraction((event.clientX - box.left) / box.width).toFixed(3);
      down.value = fraction((event.clientY - box.top) / box.height).toFixed(3);
      // The form's other scripts (unsaved-changes warning) learn of the change as if it had been typed.
      across.dispatchEvent(new Event("change", {bubbles: true}));
      down.dispatchEvent(new Event("change", {bubbles: true}));
      place();
    });
    across.addEventListener("input", place);
    down.addEventListener("input", place);
    place();
  });
})();
