/* Every page: what an htmx request did, said where the person acted.

   - A success that carries a message (the server's "factcheck:status" event) is shown and
     announced in the page's one role="status" region, #live-status.
   - A failure (5xx, a 4xx htmx does not swap, no connection, a timeout) is shown next to the
     form or button that sent it; nothing is swapped, so every typed character stays.
   - A refusal (403, 409) that the server aims at the panel's alert slot is shown there instead,
     next to the form or button that sent it.
   - While a request runs, the buttons that sent it are disabled and marked busy; the CSS shows a
     spinner if it lasts more than a moment.

   The sentences are translated on the server: data-msg-* attributes of <body> (base.html). */
(() => {
  "use strict";
  const SHOWN_FOR = 8000;
  let hideTimer = null;

  function text(name, values = {}) {
    let sentence = document.body.dataset[name] || "";
    for (const [key, value] of Object.entries(values)) sentence = sentence.replace(`{${key}}`, value);
    return sentence;
  }

  function say(message) {
    const region = document.getElementById("live-status");
    if (!region || !message) return;
    // Emptied first so that the same message twice is announced twice.
    region.textContent = "";
    window.clearTimeout(hideTimer);
    window.setTimeout(() => { region.textContent = message; }, 50);
    hideTimer = window.setTimeout(() => { region.textContent = ""; }, SHOWN_FOR);
  }

  // Where the person acted: the form that was sent, else the element itself. A request sent
  // by script (htmx.ajax: opening a claim) has <body> as its element: no place of its own.
  function anchorOf(elt) {
    if (!(elt instanceof Element) || elt === document.body) return null;
    return elt.closest("form") || elt;
  }

  function errorBoxOf(anchor, create) {
    // A form may name its own place for messages (the verdict form's save status).
    const slot = anchor.querySelector?.("[data-role=save-status]");
    if (slot) {
      let box = slot.querySelector("[data-role=request-error]");
      if (!box && create) {
        box = document.createElement("p");
        slot.replaceChildren(box);
      }
      return box;
    }
    let box = anchor.nextElementSibling;
    if (box && box.dataset.role === "request-error") return box;
    if (!create) return null;
    box = document.createElement("p");
    anchor.after(box);
    return box;
  }

  function showError(elt, message) {
    const anchor = anchorOf(elt);
    if (!anchor || !anchor.isConnected) {
      say(message);
      return;
    }
    const box = errorBoxOf(anchor, true);
    box.className = "request-error";
    box.dataset.role = "request-error";
    box.setAttribute("role", "alert");
    box.textContent = message;
  }

  function clearError(elt) {
    const anchor = anchorOf(elt);
    if (anchor) errorBoxOf(anchor, false)?.remove();
  }

  function buttonsOf(elt) {
    if (elt instanceof HTMLFormElement) return Array.from(elt.querySelectorAll("button"));
    return elt instanceof HTMLButtonElement ? [elt] : [];
  }

  function setBusy(elt, busy) {
    if (!(elt instanceof Element)) return;
    for (const button of buttonsOf(elt)) {
      if (busy && !button.disabled) {
        button.disabled = true;
        button.dataset.busy = "";
      } else if (!busy && "busy" in button.dataset) {
        button.disabled = false;
        delete button.dataset.busy;
      }
    }
    if (busy) elt.setAttribute("aria-busy", "true");
    else elt.removeAttribute("aria-busy");
  }

  function responseText(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    return template.content.textContent.trim();
  }

  // What shows a request as running: its element, or for a request sent by script (opening a
  // claim) the part it will replace.
  const busyPart = (detail) => (detail.elt === document.body ? detail.target : detail.elt);

  document.addEventListener("htmx:beforeRequest", (event) => {
    clearError(event.detail.elt);
    // An autosave does not take the Save button away from the person typing.
    if (event.detail.requestConfig?.triggeringEvent?.type !== "autosave") {
      setBusy(busyPart(event.detail), true);
    }
  });

  document.addEventListener("htmx:afterRequest", (event) => setBusy(busyPart(event.detail), false));

  document.addEventListener("htmx:beforeSwap", (event) => {
    const { xhr, target, requestConfig } = event.detail;
    if ((xhr.status === 403 || xhr.status === 409) && target?.id === "panel-alert") {
      const elt = requestConfig?.elt;
      if (elt instanceof Element && elt.isConnected && elt !== document.body) {
        event.detail.shouldSwap = false;
        showError(elt, responseText(xhr.responseText));
      }
    }
  });

  const isRead = (event) => event.detail.requestConfig?.verb === "get";

  document.addEventListener("htmx:responseError", (event) => {
    const status = event.detail.xhr.status;
    let name = status >= 500 ? "msgServerFailed" : "msgRefused";
    if (isRead(event)) name = "msgLoadFailed";
    showError(event.detail.elt, text(name, { status }));
  });

  for (const name of ["htmx:sendError", "htmx:timeout"]) {
    document.addEventListener(name, (event) => {
      showError(event.detail.elt, text(isRead(event) ? "msgLoadOffline" : "msgOffline"));
    });
  }

  document.addEventListener("factcheck:status", (event) => say(event.detail?.message));
})();
