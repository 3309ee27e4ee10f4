/* The verdict's rich-text editor (Trix): text, links, lists and quotes only, no file uploads. */
document.addEventListener("trix-file-accept", (event) => event.preventDefault());
