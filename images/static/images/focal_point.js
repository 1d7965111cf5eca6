// Image admin: a click on the preview sets the focal point fields (percentages from the top left corner).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const preview = document.querySelector("img.image-preview");
  const x = document.getElementById("id_focal_x");
  const y = document.getElementById("id_focal_y");
  if (!preview || !x || !y) return;
  const wrapper = document.createElement("span");
  wrapper.className = "image-preview-frame";
  preview.replaceWith(wrapper);
  wrapper.append(preview);
  const marker = document.createElement("span");
  marker.className = "image-focal-marker";
  wrapper.append(marker);
  const show = () => {
    marker.hidden = x.value === "" || y.value === "";
    marker.style.left = `${x.value}%`;
    marker.style.top = `${y.value}%`;
  };
  preview.addEventListener("click", (event) => {
    const box = preview.getBoundingClientRect();
    x.value = Math.round(((event.clientX - box.left) / box.width) * 100);
    y.value = Math.round(((event.clientY - box.top) / box.height) * 100);
    show();
  });
  x.addEventListener("input", show);
  y.addEventListener("input", show);
  show();
});
