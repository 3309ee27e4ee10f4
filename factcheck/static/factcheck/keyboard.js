/* Keyboard shortcuts on the article page.

   j / k   next / previous claim, in reading order (the order of "Claims in this article")
   Enter   open the current claim's panel
   m       mark the selected text as a claim
   ?       show the shortcuts; Escape closes them

   A shortcut never fires while the focus is in a field, Trix or a select, nor with Ctrl, Alt or
   Meta held. Every move is said in the #keyboard-status live region, for screen readers; the
   messages come translated from the page (data-* attributes of that region). */
(() => {
  "use strict";
  let currentId = null;

  const status = () => document.getElementById("keyboard-status");
  const help = () => document.getElementById("shortcuts-help");

  function isTyping(target) {
    if (!(target instanceof Element)) return false;
    return Boolean(
      target.closest("input, textarea, select, trix-editor, [contenteditable=''], [contenteditable=true]"),
    );
  }

  function say(message) {
    const region = status();
    if (!region) return;
    // Emptied first so that the same message twice is announced twice.
    region.textContent = "";
    window.setTimeout(() => { region.textContent = message; }, 50);
  }

  function message(name, values = {}) {
    let text = status()?.dataset[name] || "";
    for (const [key, value] of Object.entries(values)) text = text.replace(`{${key}}`, value);
    return text;
  }

  // The claims in reading order, as the list under the article gives them.
  function claimItems() {
    return Array.from(document.querySelectorAll("#claim-list li[data-claim-id]"));
  }

  function marksOf(id) {
    return Array.from(document.querySelectorAll("#article-body mark[data-claims]")).filter(
      (mark) => mark.dataset.claims.split(" ").includes(id),
    );
  }

  function showCurrent() {
    for (const mark of document.querySelectorAll("#article-body mark.is-current")) {
      mark.classList.remove("is-current");
    }
    for (const item of document.querySelectorAll("#claim-list li.is-current")) {
      item.classList.remove("is-current");
    }
    if (currentId === null) return null;
    const marks = marksOf(currentId);
    for (const mark of marks) mark.classList.add("is-current");
    const item = document.querySelector(`#claim-list li[data-claim-id="${currentId}"]`);
    item?.classList.add("is-current");
    // A claim whose quote is no longer in the text has no highlight: its list entry stands in.
    return marks[0] || item?.querySelector("a");
  }

  function move(step) {
    const items = claimItems();
    if (!items.length) {
      say(message("noClaims"));
      return;
    }
    const ids = items.map((item) => item.dataset.claimId);
    const at = ids.indexOf(currentId);
    const next = at < 0 ? (step > 0 ? 0 : ids.length - 1) : Math.min(Math.max(at + step, 0), ids.length - 1);
    if (next === at) {
      say(message(step > 0 ? "lastClaim" : "firstClaim"));
      return;
    }
    currentId = ids[next];
    const target = showCurrent();
    if (target) {
      if (target.tagName === "MARK") target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: "center", behavior: "smooth" });
    }
    const item = items[next];
    const link = item.querySelector("a");
    const state = item.querySelector("[data-status]");
    say(message("position", {
      n: next + 1,
      total: ids.length,
      claim: link ? link.textContent.trim() : "",
      status: state ? state.textContent.trim() : "",
    }));
  }

  function openCurrent() {
    if (currentId === null) {
      say(message("noCurrent"));
      return;
    }
    const url = document.getElementById("article-body").dataset.claimUrl.replace(/\/0\/$/, `/${currentId}/`);
    htmx.ajax("GET", url, { target: "#claim-panel", swap: "innerHTML" });
  }

  function markSelection() {
    if (!document.getElementById("mark-form")) return;  // a viewer: nothing to mark with
    const selection = window.getSelection();
    const body = document.getElementById("article-body");
    if (!selection || selection.isCollapsed || !selection.rangeCount || !selection.getRangeAt(0).intersectsNode(body)) {
      say(message("noSelection"));
      return;
    }
    document.dispatchEvent(new CustomEvent("factcheck:mark-selection"));
  }

  function toggleHelp() {
    const dialog = help();
    if (!dialog) return;
    if (dialog.open) dialog.close();
    else dialog.showModal();
  }

  document.addEventListener("keydown", (event) => {
    if (!document.getElementById("article-body")) return;
    if (event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented) return;
    if (isTyping(event.target)) return;
    if (help()?.open && event.key !== "?") return;  // the dialog handles Escape itself
    switch (event.key) {
      case "j":
        move(1);
        break;
      case "k":
        move(-1);
        break;
      case "Enter":
        // On a link or a button, Enter keeps its own meaning.
        if (event.target.closest("a, button, summary, [role=button]")) return;
        openCurrent();
        break;
      case "m":
        markSelection();
        break;
      case "?":
        toggleHelp();
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-action=show-shortcuts]")) toggleHelp();
    if (event.target.closest("[data-action=close-shortcuts]")) help()?.close();
    // Clicking a highlight makes its claim the current one, so j and k go on from there.
    const mark = event.target.closest("#article-body mark[data-claim]");
    if (mark) {
      currentId = mark.dataset.claim;
      showCurrent();
    }
  });

  // The body and the list are re-rendered when claims change: show the current claim again.
  document.addEventListener("htmx:afterSettle", () => { showCurrent(); });
})();
