/* The article page: turn a text selection into a "mark as claim" form, open a claim's panel
   when its highlight is clicked, and fill the speaker field from the search results.

   Each <p> of #article-body carries the offsets (data-start, data-end) of its text in the
   article body, in code points as the server counts them; #article-body carries the number of
   the body's version. A selection is sent as the body reads it: the words, their offsets in
   code points and that version number. The server stores exactly these words at these offsets,
   or refuses. */
(() => {
  "use strict";
  let pending = null;

  const articleBody = () => document.getElementById("article-body");
  const markForm = () => document.getElementById("mark-form");
  const markButton = () => document.getElementById("mark-button");

  function paragraphs(body) {
    return Array.from(body.querySelectorAll("p[data-start]"));
  }

  // The one place where a browser position (UTF-16 code units, what DOM ranges and string
  // lengths count) becomes the server's (code points): an emoji is two units but one point.
  function codePoints(text) {
    let count = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      const next = text.charCodeAt(i + 1);
      if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
      count++;
    }
    return count;
  }

  // The body's characters (code points) as the server's highlighting.shown_text reads it:
  // paragraph texts at their offsets, anything between paragraphs as line breaks.
  function bodyCharacters(body) {
    const characters = [];
    for (const p of paragraphs(body)) {
      while (characters.length < Number(p.dataset.start)) characters.push("\n");
      for (const character of p.textContent) characters.push(character);
    }
    return characters;
  }

  // Offset in the body (code points) of a selection boundary (node, offset).
  function bodyOffset(body, node, offset) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const p = element && element.closest("p[data-start]");
    if (p && body.contains(p)) {
      const range = document.createRange();
      range.selectNodeContents(p);
      range.setEnd(node, offset);
      return Number(p.dataset.start) + codePoints(range.toString());
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

  // The selected words (white space at either end left out) and where they stand, or null.
  function selectionInBody() {
    const body = articleBody();
    const selection = window.getSelection();
    if (!body || !selection || selection.isCollapsed || !selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    if (!range.intersectsNode(body)) return null;
    const characters = bodyCharacters(body);
    let start = bodyOffset(body, range.startContainer, range.startOffset);
    let end = bodyOffset(body, range.endContainer, range.endOffset);
    while (start < end && /\s/.test(characters[start])) start++;
    while (end > start && /\s/.test(characters[end - 1])) end--;
    if (start >= end) return null;
    return {
      quote: characters.slice(start, end).join(""),
      start,
      end,
      body_version: body.dataset.bodyVersion,
      rect: range.getBoundingClientRect(),
    };
  }

  // Fill a form's hidden selection fields (quote, start, end, body_version).
  function fillSelection(form, selected) {
    for (const name of ["quote", "start", "end", "body_version"]) {
      form.elements[name].value = selected[name];
    }
  }

  // The panel's "Adjust the words" form while it waits for a new selection, else null.
  const adjustForm = () => document.querySelector("#claim-panel [data-role=adjust-form]:not([hidden])");

  // A new selection while adjusting a claim's words goes to the panel, not to a new claim.
  function takeSelectionForAdjust() {
    const form = adjustForm();
    if (!form) return false;
    const selected = selectionInBody();
    if (!selected) return true;
    fillSelection(form, selected);
    form.querySelector("[data-role=adjust-preview]").textContent = selected.quote;
    form.querySelector("[data-action=confirm-words]").disabled = false;
    return true;
  }

  function toggleAdjust(open) {
    const section = document.querySelector("#claim-panel [data-role=claim-words]");
    if (!section) return;
    const form = section.querySelector("[data-role=adjust-form]");
    form.hidden = !open;
    section.querySelector("[data-action=adjust-words]").setAttribute("aria-expanded", String(open));
    if (open) {
      if (markButton()) markButton().hidden = true;
      if (markForm()) markForm().hidden = true;
    } else {
      form.querySelector("[data-action=confirm-words]").disabled = true;
      form.querySelector("[data-role=adjust-preview]").textContent = "";
    }
  }

  // Words can be reselected only where the article's text is on the page.
  function offerAdjust() {
    const section = document.querySelector("#claim-panel [data-role=claim-words]");
    if (section) section.hidden = !articleBody();
  }

  function showMarkButton() {
    const button = markButton();
    if (!button) return;
    if (takeSelectionForAdjust()) return;
    pending = selectionInBody();
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
    fillSelection(form, pending);
    form.querySelector("[data-role=quote-preview]").textContent = pending.quote;
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
    if (target.closest("[data-action=adjust-words]")) {
      toggleAdjust(adjustForm() === null);
      return;
    }
    if (target.closest("[data-action=cancel-adjust]")) {
      toggleAdjust(false);
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
    if (event.detail.elt.matches?.("[data-role=adjust-form]") && event.detail.xhr.status === 200) {
      window.getSelection().removeAllRanges();
    }
    const form = markForm();
    if (form && event.detail.elt === form && event.detail.xhr.status === 200) {
      form.reset();
      form.hidden = true;
      window.getSelection().removeAllRanges();
    }
  });
  document.addEventListener("htmx:afterSettle", showSelectedClaim);
  document.addEventListener("htmx:afterSettle", offerAdjust);
  document.addEventListener("htmx:afterSettle", bringOpenedClaimIntoView);
  // The "m" shortcut (keyboard.js): mark the selected text without the mouse.
  document.addEventListener("factcheck:mark-selection", () => {
    if (takeSelectionForAdjust()) return;
    showMarkButton();
    openMarkForm();
  });
})();
