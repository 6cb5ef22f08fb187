// Who else has this article open (templates/desk/_presence.html, desk/views.py): a heartbeat keeps this person
// on the article and refreshes the "Also open: ..." line without a reload; leaving the page says goodbye.
// window.deskPresence.beat() beats at once (the browser tests call it instead of waiting for the timer).
(function () {
  "use strict";
  var box = document.getElementById("desk-presence");
  if (!box || !window.fetch) {
    return;
  }
  var seen = box.dataset.seen;
  var timer = null;

  function formData() {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", box.dataset.csrf);
    return data;
  }

  function show(text) {
    var line = box.querySelector(".desk-presence-line");
    if (!text) {
      if (line) {
        box.removeChild(line);
      }
      return;
    }
    if (!line) {
      line = document.createElement("p");
      line.className = "desk-presence-line";
      box.appendChild(line);
    }
    if (line.textContent !== text) {  // the same line again is not announced again
      line.textContent = text;
    }
  }

  function stop() {
    if (timer !== null) {
      window.clearInterval(timer);
      timer = null;
    }
  }

  function beat() {
    return fetch(box.dataset.heartbeatUrl, {
      method: "POST", body: formData(), credentials: "same-origin", headers: {"Accept": "application/json"},
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (!response.ok || type.indexOf("application/json") !== 0) {
        stop();  // signed out, or the article is gone or no longer theirs: nothing more to ask
        return null;
      }
      return response.json().then(function (data) {
        seen = data.seen;
        show(data.text);
        return data;
      });
    }, function () {
      return null;  // offline for a moment: the next beat tries again
    });
  }

  function start() {
    stop();
    timer = window.setInterval(beat, Math.max(1, Number(box.dataset.beatSeconds) || 20) * 1000);
  }

  window.addEventListener("pagehide", function () {
    stop();
    var data = formData();
    data.append("seen", seen);  // a later page of this person (after saving) has beaten since: it stays
    navigator.sendBeacon(box.dataset.leaveUrl, data);
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {  // back from the browser's page cache: present again
      beat();
      start();
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      beat();  // background tabs beat rarely; catch up at once when looked at
    }
  });

  window.deskPresence = {beat: beat};
  start();
})();
