// Small progressive enhancements; every page works without JavaScript.
"use strict";

// Long-running forms (URL fetches, imports) say what they are doing and cannot be sent twice.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.busy) return;
  const button = form.querySelector("button[type=submit]");
  const status = form.querySelector("[data-busy-status]");
  if (status) status.textContent = form.dataset.busy;
  if (button) window.setTimeout(() => { button.disabled = true; }, 0);
});
