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
