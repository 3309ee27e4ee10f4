/* The rationale editor (Trix) in the page's language: its toolbar titles and link dialog read
   Trix.config.lang, which ships in English. The server renders the translations as data
   attributes of <meta name="trix-lang"> (gettext), so no inline script is needed. Loaded right
   after Trix; should Trix have drawn a toolbar already (an editor in the page's first HTML),
   that toolbar is drawn again in the page's language. */
(() => {
  "use strict";
  const source = document.querySelector('meta[name="trix-lang"]');
  if (!source || !window.Trix) return;
  // data-url-placeholder -> urlPlaceholder, data-heading1 -> heading1
  for (const [key, value] of Object.entries(source.dataset)) {
    if (key in Trix.config.lang) Trix.config.lang[key] = value;
  }
  for (const toolbar of document.querySelectorAll("trix-toolbar")) {
    toolbar.innerHTML = Trix.config.toolbar.getDefaultHTML();
  }
})();
