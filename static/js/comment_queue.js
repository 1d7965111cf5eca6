// Keyboard shortcuts in the moderation queue, documented on its page: j and k move between comments, a, s
// and r approve, mark as spam and remove the current one by pressing its button. Without this script the
// buttons do the same.
// Loaded in the page's head by the admin, so it starts once the list is there.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";

  var rows = Array.prototype.slice.call(document.querySelectorAll("#result_list tbody tr"));
  if (!rows.length) {
    return;
  }
  var DECISIONS = { a: "approve", s: "spam", r: "remove" };
  // The row to come back to after a decision reloads the queue: the one that takes the decided one's place.
  var REMEMBERED = "comment-queue-row:" + window.location.pathname + window.location.search;
  var current = -1;

  function select(index) {
    index = Math.max(0, Math.min(index, rows.length - 1));
    if (current >= 0) {
      rows[current].classList.remove("queue-current");
    }
    current = index;
    var row = rows[current];
    row.classList.add("queue-current");
    row.setAttribute("tabindex", "-1");
    row.focus();
  }

  function typing(element) {
    return element.closest(
      "textarea, select, [contenteditable], input:not([type=checkbox]):not([type=radio]):not([type=submit])"
    );
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    var key = event.key;
    if (key === "j") {
      select(current + 1);
    } else if (key === "k") {
      select(current - 1);
    } else if (DECISIONS[key] && current >= 0) {
      var button = rows[current].querySelector('button[data-decision="' + DECISIONS[key] + '"]');
      if (!button) {
        return;
      }
      try {
        window.sessionStorage.setItem(REMEMBERED, String(current));
      } catch (error) {
        // Storage refused: the queue comes back without a current row.
      }
      button.click();
    } else {
      return;
    }
    event.preventDefault();
  });

  var remembered = null;
  try {
    remembered = window.sessionStorage.getItem(REMEMBERED);
    window.sessionStorage.removeItem(REMEMBERED);
  } catch (error) {
    remembered = null;
  }
  if (remembered !== null) {
    select(parseInt(remembered, 10) || 0);
  }
});
