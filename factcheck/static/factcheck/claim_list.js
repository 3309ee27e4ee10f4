// Claims list: the header checkbox ticks or unticks every claim on the page.
// Delegated from the document, so it keeps working after htmx replaces #listing-results.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!box.matches || !box.matches("#listing-results .select-all")) return;
  const form = box.closest("form");
  form.querySelectorAll('input[name="claims"]').forEach((claim) => {
    claim.checked = box.checked;
  });
});

// Filter requests leave out empty fields, so the URL a person bookmarks or shares stays short:
// /claims/?q=verite rather than /claims/?q=verite&speaker=&article=&tag=...
document.addEventListener("htmx:configRequest", (event) => {
  const form = event.detail.elt.closest && event.detail.elt.closest("#claim-filters");
  if (!form) return;
  const data = event.detail.formData;
  for (const key of new Set(data.keys())) {
    const kept = data.getAll(key).filter((value) => value !== "");
    data.delete(key);
    kept.forEach((value) => data.append(key, value));
  }
});
