/* Idle-timeout warning for applicants (DigiD: the session ends after 15 idle minutes).
   A few minutes before the end, the warning appears, is read out (aria-live) and gets keyboard focus
   on its button. "Ingelogd blijven" POSTs to the keep-alive endpoint; without fetch the form posts
   normally. Before warning, and again at the end, the script asks the server how much time is left
   (that question does not count as activity), so another tab in use keeps this one quiet. When the
   time is really up, the warning says so and offers a link to log in again. */
(function () {
  "use strict";
  var box = document.getElementById("sessie-waarschuwing");
  var live = document.getElementById("sessie-melding");
  if (!box || !live) return;
  var form = box.querySelector("[data-keep-alive]");
  var warningText = box.querySelector('[data-text="warning"]');
  var expiredText = box.querySelector('[data-text="expired"]');
  var login = box.querySelector("[data-login]");
  var statusUrl = box.getAttribute("data-status-url");
  var warning = parseInt(box.getAttribute("data-warning"), 10) || 0;
  var timer = null;
  var previousFocus = null;

  function announce(text) {
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text.trim(); }, 50);
  }

  function showWarning() {
    if (!box.hidden) return;
    previousFocus = document.activeElement;
    box.hidden = false;
    warningText.hidden = false;
    expiredText.hidden = true;
    form.hidden = false;
    login.hidden = true;
    announce(warningText.textContent);
    form.querySelector("button").focus();
  }

  function showExpired() {
    window.clearTimeout(timer);
    box.hidden = false;
    warningText.hidden = true;
    expiredText.hidden = false;
    form.hidden = true;
    login.hidden = false;
    announce(expiredText.textContent);
    login.querySelector("a").focus();
  }

  function hideWarning() {
    if (box.hidden) return;
    box.hidden = true;
    if (previousFocus && previousFocus.focus && previousFocus !== document.body) previousFocus.focus();
  }

  /* Wake up when the warning is due, or at the end; then act on what the server says. */
  function schedule(secondsLeft) {
    window.clearTimeout(timer);
    var wait = secondsLeft > warning ? secondsLeft - warning : secondsLeft;
    timer = window.setTimeout(check, Math.max(0, wait) * 1000);
  }

  function check() {
    if (!window.fetch) { showWarning(); return; }
    fetch(statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.expired || data.seconds_left <= 0) { showExpired(); return; }
        if (data.seconds_left <= warning) { showWarning(); } else { hideWarning(); }
        schedule(data.seconds_left);
      })
      .catch(function () { showWarning(); });
  }

  form.addEventListener("submit", function (event) {
    if (!window.fetch) return;
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
      body: new FormData(form)
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (!result.ok || result.data.expired) { showExpired(); return; }
      hideWarning();
      announce(box.getAttribute("data-staying"));
      schedule(result.data.seconds_left);
    }).catch(function () { form.submit(); });
  });

  schedule(parseInt(box.getAttribute("data-seconds-left"), 10) || 0);
})();
