// "Previously checked" on the claim page: the matcher is most of the page's time, so the page shows without it
// and this fetches the panel (GET /work/claims/<id>/matches, an HTML fragment) into its placeholder. Without
// JavaScript, or if the fetch fails, the placeholder's link opens the page with the panel in it.
"use strict";

(() => {
  const slot = document.querySelector("section[data-matches][data-matches-url]");
  if (!slot) return;
  const note = slot.querySelector("[data-matches-loading]");
  slot.setAttribute("aria-busy", "true");
  if (note && note.firstChild) note.firstChild.textContent = "Looking for earlier checks that read like this claim… ";
  fetch(slot.dataset.matchesUrl, { headers: { Accept: "text/html" }, credentials: "same-origin" })
    .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
    .then((html) => {
      const panel = new DOMParser().parseFromString(html, "text/html").querySelector("section[data-matches]");
      if (!panel) return Promise.reject(new Error("no panel"));
      slot.replaceWith(document.adoptNode(panel));
      if (window.location.hash === "#h-similar") panel.scrollIntoView();
      return undefined;
    })
    .catch(() => {
      slot.removeAttribute("aria-busy");
      if (note && note.firstChild) note.firstChild.textContent = "The earlier checks could not be loaded here. ";
    });
})();
