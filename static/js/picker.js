// The queue's article picker: as the reviewer types, ask the workbench for matching articles and offer them
// in the field's <datalist> ("#12 · Title"; the server reads the "#12"). Without JavaScript the field is plain
// text: "#12" picks article 12, other words filter by title. Options are built with DOM properties, never HTML.
"use strict";

(() => {
  const field = document.querySelector("input[data-picker]");
  const list = field && document.getElementById(field.getAttribute("list"));
  if (!field || !list) return;
  let timer = null;
  let asked = "";

  async function ask(text) {
    asked = text;
    const url = new URL(field.dataset.picker, window.location.href);
    url.searchParams.set("q", text);
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok || asked !== text) return;
      const found = await response.json();
      list.replaceChildren(
        ...found.map((item) => {
          const option = document.createElement("option");
          option.value = item.label;
          option.textContent = item.outlet || "";
          return option;
        }),
      );
    } catch (_error) {
      // offline or refused: the field still works as plain text
    }
  }

  field.addEventListener("input", () => {
    const text = field.value.trim();
    window.clearTimeout(timer);
    if (text.startsWith("#") && text.includes(" · ")) return; // a picked option
    timer = window.setTimeout(() => ask(text), 150);
  });
})();
