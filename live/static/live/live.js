// Live seminar mode: told of changes by the server's event stream, polling with ETags when
// the stream is down, paused while the tab is hidden; the timer's countdown; keeping typed
// text when a submit fails. No inline scripts: the CSP forbids them.
//
// The element with [data-live-stream] holds the event stream (htmx's SSE extension,
// sse-connect). On "changed" the page fetches its fragment within a moment (spread, so
// that a group's phones, or for a change every group shows the whole hall, do not ask at
// the same instant); "ping" says the stream is alive; "gone" means this person may no longer see the
// page, which is then reloaded (and answers so).
//
// Elements with [data-live-poll] carry hx-trigger="qh:poll". Every few seconds, while the
// page is visible and no stream is alive, this file triggers that event; htmx then GETs the
// fragment. The request
// carries If-None-Match with the ETag the server put on the element (data-etag), so an
// unchanged fragment is answered 304 and left as it is. (Browsers only revalidate their own
// cached copies; a 304 to a header we set ourselves reaches this code as a 304.)
(function () {
  "use strict";

  var POLL_EVERY_MS = 3000;
  // The server pings every 20 s; a stream silent for longer is treated as down.
  var STREAM_SILENT_MS = 35000;
  // After a change the group's phones (or the whole hall's, for a change every group shows)
  // fetch the same fragment; spread over a moment, the first renders it and the others get
  // the server's shared copy instead of all rendering it at the same instant.
  var GROUP_SPREAD_MS = 100;
  var SHARED_SPREAD_MS = 2000;

  var stream = { open: false, heardAt: 0 };

  function streamAlive() {
    return stream.open && Date.now() - stream.heardAt < STREAM_SILENT_MS;
  }

  function pollers() {
    return document.querySelectorAll("[data-live-poll]");
  }

  function fetchNow() {
    if (!window.htmx) {
      return;
    }
    pollers().forEach(function (element) {
      window.htmx.trigger(element, "qh:poll");
    });
  }

  function poll() {
    if (document.hidden || streamAlive()) {
      return;
    }
    fetchNow();
  }

  function heard() {
    stream.heardAt = Date.now();
  }

  document.addEventListener("htmx:sseOpen", function (event) {
    var source = event.detail.source;
    stream.open = true;
    heard();
    source.addEventListener("ping", heard);
    source.addEventListener("changed", function (message) {
      heard();
      var spread = message.data === "shared" ? SHARED_SPREAD_MS : GROUP_SPREAD_MS;
      setTimeout(fetchNow, Math.random() * spread);
    });
    source.addEventListener("gone", function () {
      source.close();
      window.location.reload();
    });
  });
  document.addEventListener("htmx:sseError", function () {
    stream.open = false;
  });

  // A reconnecting stream says which state the page shows, so the server tells it at once
  // when that is out of date.
  function rememberState(element) {
    var holder = element.closest ? element.closest("[data-live-stream]") : null;
    if (!holder || !element.dataset.etag) {
      return;
    }
    var url = new URL(holder.getAttribute("data-sse-connect"), window.location.href);
    url.searchParams.set("since", element.dataset.etag);
    holder.setAttribute("data-sse-connect", url.pathname + url.search);
  }

  function isPoller(element) {
    return element && element.hasAttribute && element.hasAttribute("data-live-poll");
  }

  setInterval(poll, POLL_EVERY_MS);
  // Back on the tab: catch up at once instead of waiting for the next tick.
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      poll();
    }
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var element = event.detail.elt;
    if (isPoller(element) && element.dataset.etag) {
      event.detail.headers["If-None-Match"] = element.dataset.etag;
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 304) {
      // Nothing changed: keep what is shown (htmx would otherwise swap in the empty body).
      event.detail.shouldSwap = false;
      event.detail.isError = false;
    }
  });

  // A poll that fails says so in the fragment's status line, and the next one clears it.
  function setOffline(element, offline) {
    var status = element.querySelector("[data-live-status]");
    if (status) {
      status.textContent = offline ? status.getAttribute("data-offline-text") : "";
    }
  }

  // The entry form: a failed submit (server error or no network) keeps the typed text.
  // htmx does not swap on an error, so the fields stay as they are; this shows why.
  function formOf(element) {
    return element && element.closest ? element.closest("[data-live-form]") : null;
  }

  function showFormError(form, show) {
    var box = form.querySelector("[data-live-form-error]");
    if (!box) {
      return;
    }
    box.textContent = "";
    if (!show) {
      return;
    }
    var alert = document.createElement("div");
    alert.className = "alert alert-error";
    var body = document.createElement("div");
    body.className = "alert-body";
    var text = document.createElement("p");
    text.className = "alert-heading";
    text.textContent = box.getAttribute("data-message");
    body.appendChild(text);
    alert.appendChild(body);
    box.appendChild(alert);
  }

  function failed(event) {
    var element = event.detail.elt;
    if (isPoller(element)) {
      setOffline(element, true);
      return;
    }
    var form = formOf(element);
    if (form) {
      showFormError(form, true);
    }
  }
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:timeout", failed);

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = formOf(event.detail.elt);
    if (form) {
      showFormError(form, false);
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var element = event.detail.elt;
    if (isPoller(element) && event.detail.successful) {
      setOffline(element, false);
    }
    // A saved entry shows in the list at once, not when the stream or the next tick says.
    if (formOf(element) && event.detail.successful) {
      fetchNow();
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    pollers().forEach(rememberState);
  });

  // The timer: the server says how many seconds were left when it rendered the fragment;
  // the countdown continues here between polls (unchanged polls re-render nothing).
  function startTimers() {
    document.querySelectorAll("[data-live-timer]").forEach(function (timer) {
      if (timer.qhDeadline === undefined) {
        var seconds = parseInt(timer.getAttribute("data-remaining"), 10);
        timer.qhDeadline = isNaN(seconds) ? null : Date.now() + seconds * 1000;
      }
    });
  }

  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-live-timer]").forEach(function (timer) {
      if (!timer.qhDeadline) {
        return;
      }
      var text = timer.querySelector("[data-live-timer-text]");
      var left = Math.max(0, Math.ceil((timer.qhDeadline - now) / 1000));
      if (left === 0) {
        text.textContent = timer.getAttribute("data-done-text");
        timer.classList.add("qh-timer--done");
      } else {
        text.textContent = Math.floor(left / 60) + ":" + pad(left % 60);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    startTimers();
    tick();
    setInterval(tick, 1000);
  });
  document.addEventListener("htmx:afterSettle", function () {
    startTimers();
    tick();
  });
})();
