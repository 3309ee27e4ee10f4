// The language switch returns to the page as it is now, even after htmx changed its address
// (a search pushed into the history), not to the address the page was first loaded at.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains("language-switch")) return;
  const next = form.querySelector("input[name=next]");
  if (next) next.value = window.location.pathname + window.location.search;
});
