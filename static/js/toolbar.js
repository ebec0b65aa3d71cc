// The article work page: clicking a highlighted claim (or pressing Enter on it) opens a small toolbar next to
// it: open, set the span from the selection, split where the cursor is, merge with the next (after a
// confirmation), dismiss. The buttons submit the claim's forms in the table below (which work without this
// script); the message of the action comes back next to the claim it was taken on.
"use strict";

(() => {
  const text = document.querySelector("[data-article-text]");
  if (!text) return;
  const TOOLS = [
    ["span", "Set span from the selection"],
    ["split", "Split here"],
    ["merge", "Merge with next"],
    ["dismiss", "Dismiss"],
  ];
  let bar = null;
  let owner = null;

  function close(refocus) {
    if (!bar) return;
    bar.remove();
    bar = null;
    if (refocus && owner) owner.focus();
    owner = null;
  }

  function say(message) {
    if (bar) bar.querySelector("[data-toolbar-status]").textContent = message;
  }

  function run(form) {
    const missing = Array.from(form.querySelectorAll("[data-sel]")).some((input) => input.value === "");
    if (missing) {
      say("Select some text in the article first (or click where the claim should be split).");
      return;
    }
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      say("Not merged.");
      return;
    }
    form.requestSubmit();
  }

  function open(mark, message) {
    close(false);
    const id = mark.dataset.claimId;
    const row = document.querySelector(`[data-row="${id}"]`);
    owner = mark;
    bar = document.createElement("div");
    bar.className = "claim-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", `Claim ${id}`);
    const link = document.createElement("a");
    link.href = row ? row.dataset.claimHref : (text.dataset.claimUrl || "").replace(/0$/, id);
    link.textContent = "Open";
    link.className = "button small";
    bar.appendChild(link);
    for (const [tool, label] of TOOLS) {
      const form = row && row.querySelector(`form[data-tool="${tool}"]`);
      if (!form) continue;
      const button = document.createElement("button");
      button.type = "button";
      button.className = tool === "dismiss" ? "small danger" : "small";
      button.textContent = label;
      button.addEventListener("click", () => run(form));
      bar.appendChild(button);
    }
    const shut = document.createElement("button");
    shut.type = "button";
    shut.className = "small";
    shut.textContent = "Close";
    shut.setAttribute("aria-label", "Close the toolbar");
    shut.addEventListener("click", () => close(true));
    bar.appendChild(shut);
    const status = document.createElement("p");
    status.className = "toolbar-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.dataset.toolbarStatus = "";
    status.textContent = message || "";
    bar.appendChild(status);
    bar.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { event.preventDefault(); close(true); }
      event.stopPropagation();  // the page's shortcuts (j, k, Enter) stay out of the toolbar
    });
    document.body.appendChild(bar);
    place();
  }

  function place() {
    if (!bar || !owner) return;
    const box = owner.getBoundingClientRect();
    const room = document.documentElement.clientWidth;
    const width = Math.min(bar.offsetWidth, room - 16);
    bar.style.left = `${Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + room - width - 8))}px`;
    bar.style.top = `${box.bottom + window.scrollY + 6}px`;
  }
  window.addEventListener("resize", place);

  text.addEventListener("click", (event) => {
    const mark = event.target instanceof Element ? event.target.closest("mark[data-claim-id]") : null;
    if (!mark) return;
    const sel = document.getSelection();
    if (sel && !sel.isCollapsed) return;  // a selection in progress, not a click on the claim
    open(mark);
  });
  text.addEventListener("keydown", (event) => {
    const mark = event.target instanceof Element ? event.target.closest("mark[data-claim-id]") : null;
    if (!mark || event.key !== "Enter") return;
    event.preventDefault();
    event.stopPropagation();  // Enter opens the toolbar here, not the claim page
    open(mark);
    const first = bar && bar.querySelector("a, button");
    if (first) first.focus();
  });
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") close(true); });
  document.addEventListener("mousedown", (event) => {
    if (bar && event.target instanceof Node && !bar.contains(event.target) && !text.contains(event.target)) close(false);
  });

  // After an action, its message is shown by the claim it was taken on (the page came back at #claim-N).
  const match = /^#claim-(\d+)$/.exec(window.location.hash);
  const flash = document.querySelector(".flash");
  const mark = match && document.getElementById(`claim-${match[1]}`);
  if (flash && mark) {
    mark.scrollIntoView({ block: "center" });
    open(mark, flash.textContent.trim());
    flash.remove();
  }
  // Merging asks first from the table's button too.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (event.submitter && form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
})();
