// The rich-text editor's image picker: hands the chosen library image back to the editor that opened it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const chooser = document.querySelector(".image-chooser");
  if (!chooser) return;
  const callback = Number(chooser.dataset.callback);
  chooser.addEventListener("click", (event) => {
    const choice = event.target.closest(".image-chooser-choice");
    if (!choice || !window.opener || !window.opener.CKEDITOR) return;
    window.opener.CKEDITOR.tools.callFunction(callback, choice.dataset.url, {
      id: choice.dataset.id,
      alternative_text: choice.dataset.alt,
      caption: choice.dataset.caption,
    });
    window.close();
  });
});
