/* The article page: turn a text selection into a "mark as claim" form, open a claim's panel
   when its highlight is clicked, and fill the speaker field from the search results.

   Each <p> of #article-body carries the offsets (data-start, data-end) of its text in the
   article body, so the selection is sent as the body would read it: the quote, 32 characters
   before and after it, and its start offset as a hint. The server finds the quote again and
   never trusts these offsets. */
(() => {
  "use strict";
  const CONTEXT = 32;
  let pending = null;

  const articleBody = () => document.getElementById("article-body");
  const markForm = () => document.getElementById("mark-form");
  const markButton = () => document.getElementById("mark-button");

  function paragraphs(body) {
    return Array.from(body.querySelectorAll("p[data-start]"));
  }

  // The body's text with the same offsets as on the server: paragraph texts at their offsets,
  // the blank lines between them as line breaks.
  function bodyText(body) {
    let text = "";
    for (const p of paragraphs(body)) {
      text += "\n".repeat(Math.max(0, Number(p.dataset.start) - text.length)) + p.textContent;
    }
    return text;
  }

  // Offset in the body of a selection boundary (node, offset).
  function bodyOffset(body, node, offset) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const p = element && element.closest("p[data-start]");
    if (p && body.contains(p)) {
      const range = document.createRange();
      range.selectNodeContents(p);
      range.setEnd(node, offset);
      return Number(p.dataset.start) + range.toString().length;
    }
    // Between paragraphs or outside the body: the start of the next paragraph, else the end.
    const point = document.createRange();
    point.setStart(node, offset);
    const all = paragraphs(body);
    for (const paragraph of all) {
      if (point.comparePoint(paragraph, 0) > 0) return Number(paragraph.dataset.start);
    }
    return all.length ? Number(all[all.length - 1].dataset.end) : 0;
  }

  function readSelection() {
    const body = articleBody();
    const selection = window.getSelection();
    if (!body || !selection || selection.isCollapsed || !selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    if (!range.intersectsNode(body)) return null;
    const text = bodyText(body);
    const start = bodyOffset(body, range.startContainer, range.startOffset);
    const end = bodyOffset(body, range.endContainer, range.endOffset);
    const quote = text.slice(start, end);
    if (!quote.trim()) return null;
    return {
      quote,
      prefix: text.slice(Math.max(0, start - CONTEXT), start),
      suffix: text.slice(end, end + CONTEXT),
      hint: start,
      rect: range.getBoundingClientRect(),
    };
  }

  function showMarkButton() {
    const button = markButton();
    if (!button) return;
    pending = readSelection();
    if (!pending) {
      button.hidden = true;
      return;
    }
    button.style.top = `${window.scrollY + pending.rect.bottom + 6}px`;
    button.style.left = `${window.scrollX + pending.rect.left}px`;
    button.hidden = false;
  }

  function openMarkForm() {
    const form = markForm();
    if (!form || !pending) return;
    for (const name of ["quote", "prefix", "suffix", "hint"]) {
      form.elements[name].value = pending[name];
    }
    form.querySelector("[data-role=quote-preview]").textContent = pending.quote.trim();
    form.querySelector("[data-role=mark-errors]")?.remove();
    form.hidden = false;
    markButton().hidden = true;
    form.elements.speaker_name.focus();
  }

  function chooseSpeaker(id, name, create) {
    const form = markForm();
    form.elements.speaker.value = id;
    form.elements.speaker_name.value = name;
    form.elements.create_speaker.checked = create;
    document.getElementById("speaker-results").replaceChildren();
  }

  function openClaim(id) {
    const body = articleBody();
    const url = body.dataset.claimUrl.replace(/\/0\/$/, `/${id}/`);
    htmx.ajax("GET", url, { target: "#claim-panel", swap: "innerHTML" });
  }

  // Opening a claim (its highlight, the list of claims, the keyboard) in one column, as on a
  // phone: the panel sits below the article, so bring it to the reader. Actions inside the
  // panel do not move the page.
  function bringOpenedClaimIntoView(event) {
    const panel = event.detail.target;
    const request = event.detail.requestConfig || {};
    if (!panel || panel.id !== "claim-panel" || String(request.verb).toLowerCase() !== "get") return;
    if (!/\/claims\/\d+\/$/.test(request.path || "")) return;
    const workbench = panel.closest(".workbench");
    const columns = workbench ? getComputedStyle(workbench).gridTemplateColumns.trim().split(/\s+/) : [];
    if (columns.length === 1) panel.scrollIntoView({ block: "start" });
  }

  // Outline every highlight of the claim shown in the panel.
  function showSelectedClaim() {
    const panel = document.querySelector("#claim-panel .claim-panel");
    const id = panel ? panel.dataset.claimId : null;
    for (const mark of document.querySelectorAll("#article-body mark.claim")) {
      mark.classList.toggle("is-selected", id !== null && mark.dataset.claims.split(" ").includes(id));
    }
  }

  document.addEventListener("mouseup", (event) => {
    if (event.target.closest("#mark-button, #mark-form, #claim-panel")) return;
    setTimeout(showMarkButton, 0);
  });
  // Keep the selection while the button is pressed.
  document.addEventListener("mousedown", (event) => {
    if (event.target.closest("#mark-button")) event.preventDefault();
  });
  document.addEventListener("keyup", (event) => {
    if (event.shiftKey) showMarkButton();
  });

  document.addEventListener("click", (event) => {
    const target = event.target;
    if (target.closest("#mark-button")) {
      openMarkForm();
      return;
    }
    const choice = target.closest("[data-speaker-id]");
    if (choice) {
      chooseSpeaker(choice.dataset.speakerId, choice.dataset.speakerName, false);
      return;
    }
    const create = target.closest("[data-new-speaker]");
    if (create) {
      chooseSpeaker("", create.dataset.newSpeaker, true);
      return;
    }
    if (target.closest("[data-action=cancel-mark]")) {
      markForm().hidden = true;
      return;
    }
    const mark = target.closest("#article-body mark[data-claim]");
    if (mark && window.getSelection().isCollapsed) openClaim(mark.dataset.claim);
  });

  // Typing another name forgets the speaker picked from the list.
  document.addEventListener("input", (event) => {
    if (event.target.name === "speaker_name" && event.target.form === markForm()) {
      markForm().elements.speaker.value = "";
      markForm().elements.create_speaker.checked = false;
    }
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    const form = markForm();
    if (form && event.detail.elt === form && event.detail.xhr.status === 200) {
      form.reset();
      form.hidden = true;
      window.getSelection().removeAllRanges();
    }
  });
  document.addEventListener("htmx:afterSettle", showSelectedClaim);
  document.addEventListener("htmx:afterSettle", bringOpenedClaimIntoView);
  // The "m" shortcut (keyboard.js): mark the selected text without the mouse.
  document.addEventListener("factcheck:mark-selection", () => {
    showMarkButton();
    openMarkForm();
  });
})();
