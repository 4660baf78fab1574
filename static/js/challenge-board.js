// The board of challenges: drag a card to another column. Every move is also a button on
// the card (keyboard, touch, no JavaScript); a drop posts the very same form.
(function () {
  "use strict";

  var dragged = null;

  function columnOf(target) {
    return target && target.closest ? target.closest("[data-drop-status]") : null;
  }

  function clearTargets() {
    document.querySelectorAll(".drop-target").forEach(function (column) {
      column.classList.remove("drop-target");
    });
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest ? event.target.closest("[data-move-url]") : null;
    if (!card) return;
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    // Firefox starts a drag only with some data set.
    event.dataTransfer.setData("text/plain", card.id);
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    clearTargets();
  });

  document.addEventListener("dragover", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!column.classList.contains("drop-target")) {
      clearTargets();
      column.classList.add("drop-target");
    }
  });

  document.addEventListener("dragleave", function (event) {
    var column = columnOf(event.target);
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("drop-target");
  });

  document.addEventListener("drop", function (event) {
    var column = columnOf(event.target);
    var card = dragged;
    if (!card || !column) return;
    event.preventDefault();
    clearTargets();
    var status = column.dataset.dropStatus;
    if (status === card.dataset.status) return;
    // The CSRF token comes from hx-headers on <body>, which the column inherits. The status
    // the card had goes along: if someone moved it meanwhile, the server keeps their move.
    window.htmx.ajax("POST", card.dataset.moveUrl, {
      source: column,
      target: "#board",
      swap: "outerHTML",
      values: { status: status, from_status: card.dataset.status },
    });
  });

  // After a move the board is new: the focus goes back to the moved card (or to the reason
  // the server asked for), so a keyboard user carries on where they were.
  function restoreFocus() {
    var board = document.getElementById("board");
    var id = board && board.dataset.focus;
    var element = id && document.getElementById(id);
    if (element) element.focus();
  }
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (event.target.id === "board" || (target && target.id === "board")) restoreFocus();
  });
  document.addEventListener("DOMContentLoaded", function () {
    var board = document.getElementById("board");
    if (board && board.querySelector("[aria-invalid]")) restoreFocus();
  });
})();
