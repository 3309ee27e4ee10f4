/* Mention autocomplete under a note's editor: typing "@" and the start of a user name lists
   the matching colleagues (form[data-mentions-url]); choosing one writes "@name " in place of
   what was typed. Without this script, typing "@name" by hand mentions just the same. */
(() => {
  "use strict";
  const TYPED = /(?:^|[^\w@.+-])@([\w.@+-]{0,150})$/;
  let pending = null;

  function typedMention(editor) {
    const [caret, end] = editor.editor.getSelectedRange();
    if (caret !== end) return null;
    const before = editor.editor.getDocument().toString().slice(0, caret);
    const match = TYPED.exec(before);
    return match ? { prefix: match[1], caret } : null;
  }

  function optionsOf(editor) {
    return editor.closest("form")?.querySelector("[data-role=mention-options]");
  }

  document.addEventListener("trix-change", (event) => {
    const editor = event.target;
    const form = editor.closest("form[data-mentions-url]");
    const list = optionsOf(editor);
    if (!form || !list) return;
    const typed = typedMention(editor);
    if (!typed) {
      list.hidden = true;
      return;
    }
    if (pending) pending.abort();
    pending = new AbortController();
    const url = `${form.dataset.mentionsUrl}?q=${encodeURIComponent(typed.prefix)}`;
    fetch(url, { signal: pending.signal, headers: { "HX-Request": "true" } })
      .then((response) => (response.ok ? response.text() : ""))
      .then((html) => {
        list.innerHTML = html;
        list.hidden = !html.trim();
      })
      .catch(() => {});
  });

  document.addEventListener("click", (event) => {
    const choice = event.target.closest && event.target.closest("[data-role=mention-options] [data-username]");
    if (!choice) return;
    const form = choice.closest("form");
    const editor = form.querySelector("trix-editor");
    const typed = typedMention(editor);
    if (typed) {
      editor.editor.setSelectedRange([typed.caret - typed.prefix.length, typed.caret]);
    } else {
      editor.editor.insertString("@");
    }
    editor.editor.insertString(`${choice.dataset.username} `);
    choice.closest("[data-role=mention-options]").hidden = true;
    editor.focus();
  });
})();
