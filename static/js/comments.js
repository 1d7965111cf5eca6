/*
 * The comment form's conveniences, all optional: the page works without them.
 * - Remembered details: with "Save my name, email and website" ticked, they are kept in this browser's
 *   own storage (never sent to the server except in a comment) and filled in next time.
 * - The email address is never written into a page by the server; after an error it is filled in
 *   again from this tab's own storage.
 * - Reply links move the form under the comment instead of opening the reply page.
 * - When the reader starts on the form, the server's signed time is fetched into it, so the server can
 *   tell a person's comment from a program's that is sent within a second. Without it the time is unknown.
 */
(function () {
  "use strict";

  var REMEMBERED = "newsroom.commenter";
  var DRAFT = "newsroom.comment-sender";
  var FIELDS = ["name", "email", "website"];

  function read(storage, key) {
    try {
      return JSON.parse(storage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function write(storage, key, value) {
    try {
      if (value === null) {
        storage.removeItem(key);
      } else {
        storage.setItem(key, JSON.stringify(value));
      }
    } catch (error) {
      // Storage may be full or switched off: the form works without it.
    }
  }

  function fill(form, details) {
    if (!details) {
      return;
    }
    FIELDS.forEach(function (name) {
      var input = form.elements[name];
      if (input && !input.value && typeof details[name] === "string") {
        input.value = details[name];
      }
    });
  }

  function details(form) {
    var values = {};
    FIELDS.forEach(function (name) {
      values[name] = form.elements[name] ? form.elements[name].value : "";
    });
    return values;
  }

  function setUpForm(form) {
    var remember = form.elements.remember;
    var remembered = read(window.localStorage, REMEMBERED);
    if (remember) {
      // The box is shown only where this script runs, since only this script can keep its promise.
      remember.closest(".comment-form__remember").hidden = false;
      remember.checked = Boolean(remembered);
    }
    fill(form, read(window.sessionStorage, DRAFT));
    fill(form, remembered);
    form.addEventListener("submit", function () {
      var sender = details(form);
      write(window.sessionStorage, DRAFT, sender);
      write(window.localStorage, REMEMBERED, remember && remember.checked ? sender : null);
    });
  }

  function recordStart(form) {
    var started = form.elements.started;
    var url = form.getAttribute("data-started-url");
    if (!started || !url || !window.fetch) {
      return;
    }
    function start() {
      form.removeEventListener("focusin", start);
      if (started.value) {
        return; // Kept from an earlier attempt at this comment.
      }
      window
        .fetch(url, { credentials: "omit", cache: "no-store" })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (data && typeof data.started === "string" && !started.value) {
            started.value = data.started;
          }
        })
        .catch(function () {
          // The time stays unknown: the comment is judged without it.
        });
    }
    form.addEventListener("focusin", start);
  }

  function setUpReplies(respond, form) {
    var home = document.createComment("comment form");
    var title = document.getElementById("reply-title");
    var cancel = document.getElementById("cancel-reply");
    if (!title || !cancel || form.elements.parent.value) {
      return; // The reply page: its links already say what to do.
    }
    respond.parentNode.insertBefore(home, respond);

    function reset() {
      home.parentNode.insertBefore(respond, home);
      form.elements.parent.value = "";
      title.textContent = title.getAttribute("data-leave-reply");
      cancel.parentNode.hidden = true;
    }

    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[data-reply-to]") : null;
      if (!link) {
        return;
      }
      event.preventDefault();
      link.closest(".comment__content").after(respond);
      form.elements.parent.value = link.getAttribute("data-reply-to");
      title.textContent = link.getAttribute("data-reply-title");
      cancel.parentNode.hidden = false;
      form.elements.body.focus();
    });
    cancel.addEventListener("click", function (event) {
      event.preventDefault();
      reset();
      title.focus();
    });
  }

  function start() {
    var sent = document.querySelector("[data-comment-sent]");
    if (sent) {
      write(window.sessionStorage, DRAFT, null);
    }
    var form = document.getElementById("comment-form");
    var respond = document.getElementById("respond");
    if (form && respond) {
      setUpForm(form);
      recordStart(form);
      setUpReplies(respond, form);
    }
  }

  start();
})();
