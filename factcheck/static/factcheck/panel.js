/* The claim panel keeps what people type.

   - Each form in #claim-panel remembers the values it was last loaded or saved with; a form
     whose fields differ is "dirty".
   - The verdict form ([data-autosave]) saves itself a few seconds after the last change (Trix
     fires trix-change). Its answer moves the form's hidden version on, so the next autosave is
     checked against this one. After a refused save (409: someone else saved meanwhile) the
     autosave stops until the person saves with the button, deliberately.
   - Before a request replaces a dirty form (the whole panel: another highlight, j/k + Enter, a
     step such as assign or approve; the sources block while a source is edited in place), the
     person is asked; leaving or closing the page with a dirty form asks too (beforeunload).

   The sentences come translated from <body data-msg-*> (base.html). */
(() => {
  "use strict";
  const AUTOSAVE_AFTER = 2500;  // ms after the last change
  const saved = new WeakMap();  // form -> {name: value} as last loaded or saved
  const sending = new WeakMap();  // form -> values sent by its request in flight
  const timers = new WeakMap();

  const panelSlot = () => document.getElementById("claim-panel");

  function fields(form) {
    return Array.from(form.elements).filter(
      (field) => field.name && field.name !== "version" && field.name !== "csrfmiddlewaretoken"
        && !["submit", "button", "reset"].includes(field.type),
    );
  }

  function valueOf(field) {
    if (field.type === "checkbox" || field.type === "radio") return String(field.checked);
    if (field.type === "select-multiple") {
      return Array.from(field.selectedOptions, (option) => option.value).join("\n");
    }
    return field.value;
  }

  function values(form) {
    const result = {};
    for (const field of fields(form)) result[`${field.name}#${field.id}`] = valueOf(field);
    return result;
  }

  function remember(form) {
    if (form instanceof HTMLFormElement) saved.set(form, values(form));
  }

  // Forms the person typed in: values a script or the browser rewrote on load are not unsaved.
  const edited = new WeakSet();

  function isDirty(form) {
    const before = saved.get(form);
    if (!before || !edited.has(form)) return false;
    const now = values(form);
    return Object.keys(now).some((key) => now[key] !== before[key]);
  }

  function panelForms() {
    const slot = panelSlot();
    return slot ? Array.from(slot.querySelectorAll("form")) : [];
  }

  // The forms a request sends: its own form, and the ones it includes (hx-include).
  function formsSentBy(elt) {
    const sent = new Set();
    if (!(elt instanceof Element)) return sent;
    const form = elt.closest("form");
    if (form) sent.add(form);
    const include = elt.closest("[hx-include]")?.getAttribute("hx-include");
    if (include) {
      for (const element of document.querySelectorAll(include)) {
        const included = element.closest("form") || element;
        if (included instanceof HTMLFormElement) sent.add(included);
      }
    }
    return sent;
  }

  function unsavedForms(except = new Set()) {
    return panelForms().filter((form) => !except.has(form) && isDirty(form));
  }

  function rememberAll(root) {
    if (!(root instanceof Element)) return;
    const forms = root.matches("form") ? [root] : Array.from(root.querySelectorAll("form"));
    for (const form of forms) if (!saved.has(form)) remember(form);
  }

  // --- Autosave ----------------------------------------------------------------------------

  function statusOf(form) {
    return form.querySelector("[data-role=save-status]");
  }

  function scheduleAutosave(form) {
    if (!form || !form.hasAttribute("data-autosave")) return;
    window.clearTimeout(timers.get(form));
    if (!isDirty(form)) return;
    if (form.dataset.autosave !== "paused") {
      const status = statusOf(form);
      if (status && !status.querySelector("[data-role=stale-edit]")) {
        status.textContent = document.body.dataset.msgUnsaved || "";
      }
    }
    timers.set(form, window.setTimeout(() => {
      if (form.isConnected && isDirty(form) && form.dataset.autosave !== "paused") {
        htmx.trigger(form, "autosave");
      }
    }, AUTOSAVE_AFTER));
  }

  for (const type of ["input", "change"]) {
    document.addEventListener(type, (event) => {
      if (event.isTrusted && event.target.form) edited.add(event.target.form);
      scheduleAutosave(event.target.form);
    });
  }
  // Trix may write the rationale back in its own spelling when it starts, and again on its first
  // change events: until the person touches the editor, that is the saved text, not a change.
  const touched = new WeakSet();  // rationale editors the person has typed, pasted or clicked in
  function rebase(editor) {
    const form = editor.closest("form");
    const field = editor.inputElement;
    const before = form && saved.get(form);
    if (before && field) before[`${field.name}#${field.id}`] = valueOf(field);
  }
  for (const type of ["keydown", "paste", "drop", "mousedown"]) {
    document.addEventListener(type, (event) => {
      const editor = event.target.closest && event.target.closest("trix-editor, trix-toolbar");
      if (!editor) return;
      touched.add(editor.tagName === "TRIX-EDITOR" ? editor : editor.nextElementSibling);
    }, true);
  }
  document.addEventListener("trix-change", (event) => {
    const form = event.target.closest("form");
    if (!touched.has(event.target)) {
      rebase(event.target);
      return;
    }
    if (form) edited.add(form);
    scheduleAutosave(form);
  });
  document.addEventListener("trix-initialize", (event) => rebase(event.target));

  // --- Requests ----------------------------------------------------------------------------

  document.addEventListener("htmx:configRequest", (event) => {
    const elt = event.detail.elt;
    for (const form of formsSentBy(elt)) {
      sending.set(form, values(form));
      window.clearTimeout(timers.get(form));
    }
    // Saving with the button is deliberate: it resumes an autosave stopped by a conflict.
    const form = elt instanceof Element ? elt.closest("form[data-autosave]") : null;
    if (form && event.detail.triggeringEvent?.type === "submit") form.dataset.autosave = "";
    // An autosave shows its time in the form; only a deliberate save is also announced.
    if (event.detail.triggeringEvent?.type === "autosave") event.detail.headers["X-Autosave"] = "1";
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    const { elt, xhr, successful } = event.detail;
    for (const form of formsSentBy(elt)) {
      const sent = sending.get(form);
      sending.delete(form);
      if (successful && xhr.status < 300 && sent) saved.set(form, sent);
      if (xhr.status === 409 && form.hasAttribute("data-autosave")) form.dataset.autosave = "paused";
      // Typed while the request ran: save that too.
      if (successful && xhr.status < 300) scheduleAutosave(form.hasAttribute("data-autosave") ? form : null);
    }
  });

  // Whatever htmx brings in starts as saved.
  document.addEventListener("htmx:load", (event) => rememberAll(event.detail.elt));
  document.addEventListener("DOMContentLoaded", () => rememberAll(panelSlot()));

  // --- Leaving -----------------------------------------------------------------------------

  // Every htmx request goes through htmx:confirm first (htmx.ajax too): one that would replace
  // a form with unsaved text (the whole panel for another claim or a status step, the sources
  // block while a source is edited in place) asks. The forms it sends are not lost.
  document.addEventListener("htmx:confirm", (event) => {
    const target = event.detail.target;
    if (!(target instanceof Element)) return;
    const sent = formsSentBy(event.detail.elt);
    const lost = unsavedForms(sent).filter((form) => target.contains(form));
    if (!lost.length) return;
    event.preventDefault();
    if (window.confirm(document.body.dataset.msgLeave)) {
      for (const form of lost) window.clearTimeout(timers.get(form));
      event.detail.issueRequest(true);
    }
  });

  // A part refreshed out of band stays open or closed as the person left it (the history).
  document.addEventListener("htmx:oobBeforeSwap", (event) => {
    const { target, fragment } = event.detail;
    const incoming = fragment?.firstElementChild;
    if (target instanceof HTMLDetailsElement && incoming instanceof HTMLDetailsElement) {
      incoming.open = target.open;
    }
  });

  window.addEventListener("beforeunload", (event) => {
    if (!unsavedForms().length) return;
    event.preventDefault();
    event.returnValue = "";  // older browsers need a value to ask
  });
})();
