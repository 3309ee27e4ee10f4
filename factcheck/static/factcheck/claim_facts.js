/* The claim panel's facts form: fill its speaker from the speaker search's choices.

   The choices are the marking form's (same partial, same data attributes); a click inside the
   facts form is handled here, in the capture phase, so the marking form's handler never sees
   it. */
(() => {
  "use strict";

  function choose(form, id, name, create) {
    form.elements.speaker.value = id;
    form.elements.speaker_name.value = name;
    form.elements.create_speaker.checked = create;
    form.querySelector("#facts-speaker-results").replaceChildren();
    form.elements.speaker_name.focus();
  }

  document.addEventListener(
    "click",
    (event) => {
      const form = event.target.closest("form[data-facts-form]");
      if (!form) return;
      const choice = event.target.closest("[data-speaker-id]");
      const create = event.target.closest("[data-new-speaker]");
      if (!choice && !create) return;
      event.stopPropagation();
      if (choice) choose(form, choice.dataset.speakerId, choice.dataset.speakerName, false);
      else choose(form, "", create.dataset.newSpeaker, true);
    },
    true,
  );

  // Typing another name forgets the speaker picked from the list.
  document.addEventListener("input", (event) => {
    const form = event.target.form;
    if (event.target.name === "speaker_name" && form && form.matches("[data-facts-form]")) {
      form.elements.speaker.value = "";
      form.elements.create_speaker.checked = false;
    }
  });
})();
