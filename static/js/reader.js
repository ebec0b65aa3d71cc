// Reader page: a claim opens its card in a dialog on click, tap, Enter or Space.
// Without JavaScript each claim is a plain link to its own page, and every card is listed below the text.
"use strict";

(() => {
  const dialog = document.getElementById("card-dialog");
  if (!(dialog instanceof HTMLDialogElement) || typeof dialog.showModal !== "function") return;
  const body = dialog.querySelector("[data-dialog-body]");
  let opener = null;

  function open(link) {
    const card = document.getElementById("card-" + link.dataset.claim);
    if (!card || !body) return false;
    const copy = card.cloneNode(true);
    copy.removeAttribute("id");
    copy.querySelectorAll("[id]").forEach((el) => el.removeAttribute("id"));
    copy.removeAttribute("aria-labelledby");
    body.replaceChildren(copy);
    opener = link;
    dialog.showModal();
    return true;
  }

  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a.claim[data-claim]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (open(link)) event.preventDefault();
  });

  document.addEventListener("keydown", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a.claim[data-claim]") : null;
    if (!link || event.key !== " ") return;
    if (open(link)) event.preventDefault();
  });

  dialog.addEventListener("close", () => {
    if (opener) opener.focus();
  });
})();
