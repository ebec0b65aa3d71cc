// Jobs running in the background (an import, a source fetch): poll each one's JSON status, move its progress
// bar, and reload the page when it is done (the server then shows the result). Loaded as a file: the CSP
// forbids inline scripts. Without it the page still says what is happening and a reload shows the result.
"use strict";

(() => {
  const pending = document.querySelectorAll("[data-job][data-job-pending]");
  if (!pending.length) return;

  function show(element, status) {
    const state = element.querySelector("[data-job-state]");
    const bar = element.querySelector("[data-job-progress]");
    if (state && status.state === "running") {
      state.textContent = `${status.progress_note || "Working"}…`;
    }
    if (bar) {
      bar.value = status.progress;
      bar.textContent = `${Math.round(status.progress * 100)}%`;
    }
  }

  function watch(element, delay) {
    fetch(element.dataset.job, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((status) => {
        if (status.done) {
          window.location.reload();
          return;
        }
        show(element, status);
        window.setTimeout(() => watch(element, Math.min(delay * 1.5, 5000)), delay);
      })
      .catch(() => window.setTimeout(() => watch(element, 5000), 5000));
  }

  pending.forEach((element) => watch(element, 500));
})();
