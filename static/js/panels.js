// The claim page's closed panels (attach a document or a person, another passage, correct or withdraw evidence,
// edit the details) come without their forms: most visits never open them. When one is opened, this fetches its
// form (GET /work/claims/<id>/panels/<name>, an HTML fragment) into it. Without JavaScript, or if the fetch
// fails, the panel's link opens the page with that form in it (?open=<name>).
"use strict";

(() => {
  const load = (panel) => {
    const slot = panel.querySelector("[data-panel-slot]");
    if (!slot || panel.dataset.panelLoading) return;
    panel.dataset.panelLoading = "1";
    panel.setAttribute("aria-busy", "true");
    const link = slot.querySelector("a");
    let note = slot.querySelector("[data-panel-note]");
    if (!note) {
      note = document.createElement("span");
      note.dataset.panelNote = "";
      note.setAttribute("role", "status");
      slot.prepend(note);
    }
    note.textContent = "Loading the form… ";
    const options = { headers: { Accept: "text/html" }, credentials: "same-origin" };
    if (window.AbortSignal && AbortSignal.timeout) options.signal = AbortSignal.timeout(15000); // then the link
    fetch(panel.dataset.panelUrl, options)
      .then((response) => response.text().then((html) => ({ response, html })))
      .then(({ response, html }) => {
        const body = new DOMParser().parseFromString(html, "text/html").querySelector("[data-panel-body]");
        if (!body) return Promise.reject(new Error(String(response.status)));
        slot.replaceWith(...Array.from(body.childNodes).map((node) => document.adoptNode(node)));
        panel.removeAttribute("data-panel-url");
        panel.removeAttribute("aria-busy");
        return undefined;
      })
      .catch(() => {
        panel.removeAttribute("aria-busy");
        delete panel.dataset.panelLoading;
        note.textContent = "The form could not be loaded here (close and open the panel to try again). ";
        if (link) link.textContent = "Open the page with the form";
      });
  };
  document.querySelectorAll("details[data-panel-url]").forEach((panel) => {
    if (panel.open) load(panel);
    panel.addEventListener("toggle", () => {
      if (panel.open) load(panel);
    });
  });
})();
