/* The rich-text editor (Trix) in the page's language: its toolbar titles and link dialog read
   Trix.config.lang, which ships in English. The server renders the translations as data
   attributes of <meta name="trix-lang"> (gettext), so no inline script is needed.

   Loaded before Trix: Trix defines its elements a moment after its script runs, and every
   editor fires trix-before-initialize before it draws its toolbar, so the words are in place
   whenever the first toolbar is drawn. A toolbar is never drawn a second time: that would undo
   what Trix did to the first one (the link dialog's inputs disabled while it is closed; an empty
   required URL field left enabled makes the verdict form invalid, and htmx then refuses to send
   it, autosave included). */
(() => {
  "use strict";
  document.addEventListener("trix-before-initialize", () => {
    const source = document.querySelector('meta[name="trix-lang"]');
    if (!source || !window.Trix) return;
    // data-url-placeholder -> urlPlaceholder, data-heading1 -> heading1
    for (const [key, value] of Object.entries(source.dataset)) {
      if (key in Trix.config.lang) Trix.config.lang[key] = value;
    }
  });
})();
