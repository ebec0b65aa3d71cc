// The archived copy: a selection in the text becomes the passage of the quote form, anchored by its position
// (UTF-16 offsets into the text, as the browser counts; the server checks the text there is the passage).
(function () {
  "use strict";
  const text = document.querySelector("[data-archived-text]");
  const form = document.querySelector("[data-quote-form]");
  if (!text || !form) return;
  const passage = form.querySelector("textarea[name=passage]");
  const start = form.querySelector("input[name=start]");
  const end = form.querySelector("input[name=end]");
  const hint = form.querySelector("[data-quote-hint]");

  function offset(node, within) {
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(node, within);
    return range.toString().length;
  }

  function take() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
    const quoted = range.toString();
    if (!quoted.trim()) return;
    passage.value = quoted;
    start.value = String(offset(range.startContainer, range.startOffset));
    end.value = String(offset(range.endContainer, range.endOffset));
    hint.textContent = "Selected " + quoted.length + " characters: choose the stance and add the passage.";
  }

  text.addEventListener("mouseup", take);
  text.addEventListener("keyup", take);
  document.addEventListener("selectionchange", function () {
    window.clearTimeout(take.timer);
    take.timer = window.setTimeout(take, 150);
  });
  passage.addEventListener("input", function () { start.value = ""; end.value = ""; });
})();
