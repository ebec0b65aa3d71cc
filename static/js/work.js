// The reviewer's workbench: text selection to claims, keyboard shortcuts, the summary length hint.
// Loaded as a file (the CSP forbids inline scripts); every page still works without it.
"use strict";

(() => {
  // ---- Selecting text in the article: offsets in UTF-16 code units, counted from the text's start. ----
  const container = document.querySelector("[data-article-text]");
  const selectionText = document.querySelector("[data-selection-text]");

  function offsetsWithin(root, range) {
    const before = document.createRange();
    before.selectNodeContents(root);
    before.setEnd(range.startContainer, range.startOffset);
    const start = before.toString().length;
    before.setEnd(range.endContainer, range.endOffset);
    return { start, end: before.toString().length };
  }

  function remember(start, end, text) {
    document.querySelectorAll("[data-sel=start]").forEach((input) => { input.value = String(start); });
    document.querySelectorAll("[data-sel=end]").forEach((input) => { input.value = String(end); });
    if (selectionText) {
      selectionText.textContent = text
        ? `“${text.length > 160 ? text.slice(0, 160) + "…" : text}”`
        : "No text selected; a claim can be split where the cursor is.";
    }
  }

  if (container) {
    document.addEventListener("selectionchange", () => {
      const sel = document.getSelection();
      if (!sel || sel.rangeCount === 0) return;
      const range = sel.getRangeAt(0);
      if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return;
      const { start, end } = offsetsWithin(container, range);
      remember(start, end, range.toString());
    });
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-needs-selection")) return;
    const missing = Array.from(form.querySelectorAll("[data-sel]")).some((input) => input.value === "");
    if (missing) {
      event.preventDefault();
      if (selectionText) selectionText.textContent = "Select some text in the article first.";
    }
  });

  // ---- The summary's length hint (ClaimReview asks for under 75 characters). ----
  const summary = document.querySelector("input[data-warn]");
  const warning = document.querySelector("[data-summary-warning]");
  if (summary && warning) {
    const limit = Number(summary.dataset.warn);
    const update = () => { warning.hidden = summary.value.length <= limit; };
    summary.addEventListener("input", update);
    update();
  }

  // ---- Keyboard shortcuts: j/k next/previous claim, a attach a source, v verdict, ? this list. ----
  const claimPage = document.querySelector("[data-claim-page]");
  const dialog = document.getElementById("shortcuts");

  function navItems() { return Array.from(document.querySelectorAll("[data-nav]")); }

  function claimUrl(item) {
    if (!item) return null;
    if (item.dataset.href) return item.dataset.href;
    if (item.dataset.claimId && container && container.dataset.claimUrl) {
      return container.dataset.claimUrl.replace(/0$/, item.dataset.claimId);
    }
    return null;
  }

  function move(step) {
    if (claimPage) {
      const target = step > 0 ? claimPage.dataset.nextUrl : claimPage.dataset.prevUrl;
      if (target) window.location.assign(target);
      return;
    }
    const items = navItems();
    if (!items.length) return;
    const current = items.indexOf(document.activeElement);
    const next = current < 0 ? (step > 0 ? 0 : items.length - 1)
      : Math.min(items.length - 1, Math.max(0, current + step));
    items[next].focus();
    items[next].scrollIntoView({ block: "nearest" });
    items.forEach((item) => item.classList.toggle("nav-current", item === items[next]));
  }

  function focusSection(selector, hash) {
    const field = document.querySelector(selector);
    if (field) {
      field.focus();
      field.scrollIntoView({ block: "center" });
      return;
    }
    const url = claimUrl(document.activeElement);
    if (url) window.location.assign(url + hash);
  }

  function typing(target) {
    return target instanceof HTMLElement
      && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (dialog && dialog.open && event.key !== "?") return;
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a": focusSection("#attach input[name=url]", "#attach"); break;
      case "v": focusSection("#verdict-form select[name=rating]", "#verdict"); break;
      case "?":
        if (dialog) { if (dialog.open) dialog.close(); else dialog.showModal(); }
        break;
      case "Enter": {
        const url = claimUrl(document.activeElement);
        if (url && document.activeElement && document.activeElement.matches("[data-nav]")) {
          window.location.assign(url);
        } else { return; }
        break;
      }
      default: return;
    }
    event.preventDefault();
  });

  // The message of an action on the claim page is shown where the action was taken (the page came back at
  // #evidence, #source-N, #verdict, #h-facts...), not only at the top.
  if (claimPage && window.location.hash.length > 1) {
    const target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    const flashes = Array.from(document.querySelectorAll(".flash"));
    if (target && flashes.length && target.id !== "attach") {
      const heading = /^H[1-6]$/.test(target.tagName) ? target : target.querySelector("h2, h3, .source-head");
      const box = document.createElement("div");
      box.className = "flash-here";
      flashes.forEach((flash) => box.appendChild(flash));
      if (heading) heading.after(box); else target.prepend(box);
    }
  }

  // Arriving at a claim page with #attach or #verdict puts the cursor in that form.
  if (claimPage && window.location.hash === "#attach") focusSection("#attach input[name=url]", "");
  if (claimPage && window.location.hash === "#verdict") focusSection("#verdict-form select[name=rating]", "");
  document.documentElement.dataset.workReady = "1";  // the shortcuts are listening (tests wait for this)
})();
