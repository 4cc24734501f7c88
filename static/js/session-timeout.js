// The GOV.UK timeout warning: a modal dialog opens shortly before a signed-in
// session ends. "Stay signed in" starts the idle time again; "Sign out" signs
// out. The server decides when a session ends (sendportal/accounts/sessions.py):
// this script only asks it how long is left, so several tabs agree. Without
// JavaScript the dialog never opens, and the next page after the timeout is
// the sign-in page, which says why.

const ANNOUNCE_EVERY_SECONDS = 30;

function spokenTime(seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  }
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

export function initSessionTimeout(dialog) {
  if (typeof dialog.showModal !== "function") {
    return; // An old browser: the server still signs out, as without JS.
  }
  const statusUrl = dialog.dataset.statusUrl;
  const warningSeconds = Number(dialog.dataset.warningSeconds);
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  const announce = dialog.querySelector("[data-timeout-announce]");
  const heading = dialog.querySelector("h2");
  const extendForm = dialog.querySelector("[data-timeout-extend]");
  const closeButton = dialog.querySelector("[data-timeout-close]");
  let deadline = 0; // when the session ends, in performance.now() time
  let timer = null;
  let ticker = null;
  let lastAnnounced = null;
  let returnFocus = null;

  function secondsLeft() {
    return Math.max(0, Math.ceil((deadline - performance.now()) / 1000));
  }

  function showReason(limit) {
    for (const part of dialog.querySelectorAll("[data-timeout-reason]")) {
      part.hidden = part.dataset.timeoutReason !== limit;
    }
    // Activity cannot put off the longest a session may last.
    extendForm.hidden = limit !== "idle";
    closeButton.hidden = limit === "idle";
  }

  function schedule(state) {
    clearTimeout(timer);
    deadline = performance.now() + state.seconds_left * 1000;
    showReason(state.limit);
    const untilWarning = (state.seconds_left - warningSeconds) * 1000;
    if (untilWarning > 0) {
      close();
      timer = setTimeout(check, untilWarning);
    } else {
      open();
    }
  }

  async function status() {
    const response = await fetch(statusUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      cache: "no-store",
    });
    if (!response.ok) {
      throw new Error(`session status ${response.status}`);
    }
    return response.json();
  }

  // Another tab may have kept the session alive: ask before warning, and
  // again before giving up.
  async function check() {
    let state;
    try {
      state = await status();
    } catch {
      state = { signed_in: true, seconds_left: secondsLeft(), limit: "idle" };
    }
    if (!state.signed_in || state.seconds_left <= 0) {
      signedOut();
    } else {
      schedule(state);
    }
  }

  function signedOut() {
    clearInterval(ticker);
    // The server has ended the session: asking for the page again (GET, even
    // after a form was sent) shows the sign-in page, saying why, and comes
    // back here afterwards.
    window.location.assign(window.location.href);
  }

  function tick() {
    const left = secondsLeft();
    countdown.textContent = `We will sign you out in ${spokenTime(left)}.`;
    const minuteChanged = left >= 60 && spokenTime(left) !== lastAnnounced;
    const due =
      lastAnnounced === null ||
      minuteChanged ||
      (left < 60 && left % ANNOUNCE_EVERY_SECONDS === 0);
    if (due && left > 0) {
      lastAnnounced = spokenTime(left);
      announce.textContent = `We will sign you out in ${lastAnnounced}.`;
    }
    if (left <= 0) {
      clearInterval(ticker);
      announce.textContent = "You are being signed out.";
      check();
    }
  }

  function open() {
    if (!dialog.open) {
      returnFocus = document.activeElement;
      lastAnnounced = null;
      dialog.showModal();
      heading.focus();
    }
    clearInterval(ticker);
    tick();
    ticker = setInterval(tick, 1000);
  }

  function close() {
    clearInterval(ticker);
    if (dialog.open) {
      dialog.close();
      announce.textContent = "";
      if (returnFocus && typeof returnFocus.focus === "function") {
        returnFocus.focus();
      }
    }
  }

  async function staySignedIn() {
    try {
      const response = await fetch(extendForm.action, {
        method: "POST",
        body: new FormData(extendForm),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) {
        throw new Error(`extend ${response.status}`);
      }
      const state = await response.json();
      if (!state.signed_in) {
        signedOut();
        return;
      }
      schedule(state);
    } catch {
      extendForm.submit(); // the form works without this script too
    }
  }

  extendForm.addEventListener("submit", (event) => {
    event.preventDefault();
    staySignedIn();
  });
  function continueWorking() {
    close();
    clearTimeout(timer);
    timer = setTimeout(check, secondsLeft() * 1000 + 1000);
  }

  closeButton.addEventListener("click", continueWorking);
  // Escape closes a modal dialog: take it as "Stay signed in" (or, at the
  // longest a session may last, as "Continue working").
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    if (extendForm.hidden) {
      continueWorking();
    } else {
      staySignedIn();
    }
  });

  schedule({
    seconds_left: Number(dialog.dataset.secondsLeft),
    limit: dialog.dataset.limit,
  });
}
