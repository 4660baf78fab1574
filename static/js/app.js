// Small behaviours on top of plain HTML; every page works without this file.
(function () {
  "use strict";

  // Forms that destroy something ask first (plain forms; htmx forms use hx-confirm).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  function banner(text, kind) {
    var box = document.getElementById("connection");
    // The workshop board keeps what is typed and says itself what is waiting to be sent.
    if (!box || document.getElementById("board-status")) return;
    box.textContent = text;
    box.className = "connection " + kind;
    box.hidden = false;
  }

  function messages() {
    var box = document.getElementById("connection");
    return box ? box.dataset : {};
  }

  // Bad Wi-Fi at a venue: say plainly that a change did not reach the server.
  document.addEventListener("htmx:sendError", function () {
    banner(messages().offline || "No connection: your last change was not saved.", "offline");
  });
  document.addEventListener("htmx:responseError", function () {
    banner(messages().failed || "The server could not save your change.", "failed");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var box = document.getElementById("connection");
    if (box && event.detail.successful) box.hidden = true;
  });
  window.addEventListener("offline", function () {
    banner(messages().offline || "No connection.", "offline");
  });
  window.addEventListener("online", function () {
    var box = document.getElementById("connection");
    if (box) box.hidden = true;
  });

  // A Print button works only with script: it stays hidden without it.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });

  // Focus the error summary of a form that came back with mistakes.
  function focusErrors(root) {
    var summary = (root || document).querySelector(".error-summary, .conflict");
    if (summary) summary.focus();
  }
  document.addEventListener("DOMContentLoaded", function () { focusErrors(document); });
  document.addEventListener("htmx:afterSwap", function (event) { focusErrors(event.detail.target); });
})();
