/* The mark form (templates/factcheck/partials/_mark_form.html): "Add another source" adds a
   source row from the form's <template>, as many as the editor needs before anything is
   saved (the server caps them at source-MAX_NUM_FORMS); the rationale editor is put in place
   when the form opens; after a mark, the form starts again as the page first sent it, and the
   server's confirmation ("claim-marked") is shown at the top of the claim panel. */
(() => {
  "use strict";

  // The form as the page sent it, before anything was typed: empty, hidden, one source row,
  // its editor aside. A mark answers with the claim's panel alone; this copy replaces the
  // form that was sent, so nothing typed for that claim lingers in the next one.
  const sent = document.getElementById("mark-form");
  const pristine = sent ? sent.cloneNode(true) : null;
  if (pristine) pristine.reset();

  document.addEventListener("htmx:afterRequest", (event) => {
    const form = document.getElementById("mark-form");
    if (!pristine || !form || event.detail.elt !== form || event.detail.xhr.status !== 200) {
      return;
    }
    const fresh = pristine.cloneNode(true);
    form.replaceWith(fresh);
    htmx.process(fresh);
  });

  function addSourceRow(form) {
    const total = form.elements["source-TOTAL_FORMS"];
    const max = Number(form.elements["source-MAX_NUM_FORMS"].value);
    const index = Number(total.value);
    if (!(index < max)) return;
    const template = form.querySelector("template[data-role=source-row-template]");
    const rows = form.querySelector("[data-role=source-rows]");
    rows.insertAdjacentHTML("beforeend", template.innerHTML.replaceAll("__prefix__", String(index)));
    total.value = String(index + 1);
    const first = rows.lastElementChild.querySelector("input, select, textarea");
    if (first) first.focus();
  }

  // A form sent hidden holds its rationale editor in a <template>: put it in place when the
  // form opens (annotate.js focuses the speaker field), so a closed form has no live editor.
  function placeEditor(form) {
    const template = form.querySelector("template[data-role=rationale-editor]");
    if (template) template.replaceWith(template.content.cloneNode(true));
  }

  document.addEventListener("focusin", (event) => {
    const form = event.target.closest && event.target.closest("#mark-form");
    if (form) placeEditor(form);
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest("#mark-form [data-action=add-source-row]");
    if (!button) return;
    event.preventDefault();
    addSourceRow(button.form);
  });

  document.addEventListener("claim-marked", (event) => {
    const slot = document.querySelector("#claim-panel #panel-alert");
    if (slot) {
      const note = document.createElement("p");
      note.className = "notice mark-confirmation";
      note.dataset.role = "mark-confirmation";
      note.textContent = event.detail.message;
      slot.replaceChildren(note);
    }
    const selection = window.getSelection();
    if (selection) selection.removeAllRanges();
  });
})();
