// The handbook's plan: drag a chapter, or a section of a chapter, to another place in its
// list. Every move is also a pair of buttons (keyboard, touch, no JavaScript); a drop posts
// the very same form, with the place it was dropped at.
(function () {
  "use strict";

  var dragged = null;

  function rowOf(target) {
    return target && target.closest ? target.closest("[data-move-url]") : null;
  }

  function clearMarks() {
    document.querySelectorAll(".drop-before, .drop-after").forEach(function (row) {
      row.classList.remove("drop-before", "drop-after");
    });
  }

  // A row dropped on another takes its place: above it when moving up, below when down.
  function sameList(row) {
    return dragged && row && row !== dragged && row.parentNode === dragged.parentNode;
  }

  document.addEventListener("dragstart", function (event) {
    var row = rowOf(event.target);
    if (!row) return;
    dragged = row;
    row.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    // Firefox starts a drag only with some data set.
    event.dataTransfer.setData("text/plain", row.id);
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    clearMarks();
  });

  document.addEventListener("dragover", function (event) {
    var row = rowOf(event.target);
    if (!sameList(row)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    var after = Number(row.dataset.index) > Number(dragged.dataset.index);
    var mark = after ? "drop-after" : "drop-before";
    if (!row.classList.contains(mark)) {
      clearMarks();
      row.classList.add(mark);
    }
  });

  document.addEventListener("dragleave", function (event) {
    var row = rowOf(event.target);
    if (row && !row.contains(event.relatedTarget)) row.classList.remove("drop-before", "drop-after");
  });

  document.addEventListener("drop", function (event) {
    var row = rowOf(event.target);
    var moving = dragged;
    if (!sameList(row)) return;
    event.preventDefault();
    clearMarks();
    // The CSRF token comes from hx-headers on <body>, which the row inherits.
    window.htmx.ajax("POST", moving.dataset.moveUrl, {
      source: row,
      target: moving.dataset.target,
      swap: "outerHTML",
      values: { to: row.dataset.index },
    });
  });

  // After a move the list is new: the keyboard goes back to the button that was pressed (or
  // its neighbour, at an end of the list), so a keyboard user carries on where they were.
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("[data-focus]").forEach(function (list) {
      var element = document.getElementById(list.dataset.focus);
      list.removeAttribute("data-focus");
      if (element) element.focus();
    });
  });
})();
