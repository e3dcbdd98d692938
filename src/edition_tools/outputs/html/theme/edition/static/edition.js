/* The edition's reading behaviour. Everything here improves a page that already works
   without script (notes float in the margin or open by link, previews show on hover and
   focus); nothing is fetched, nothing is sent.

   - Margin notes (wide screens): each note stands level with its marker's line, or
     directly below the note above when that one reaches further down; a long note is
     cut to a few lines and opens with "more"; the page runs past the last note.
   - Notes on narrow screens: a tap on a marker opens the note in place and closes it
     again; the page does not jump.
   - Glossary previews: heard by assistive technology as the link's description (not
     read in the middle of the sentence), closed with Escape, opened in place by a tap on
     a touch screen, where they carry a link to the full entry.
   - The editorial layer: a switch hides and shows notes, labels and link styling, and
     the choice is remembered on this device. */
(function () {
  "use strict";

  var root = document.documentElement;
  var STORE_KEY = "edition-editorial-layer";
  /* The width at which notes move into the margin: the same as edition.css. */
  var WIDE = window.matchMedia("(min-width: 70em)");
  var NO_HOVER = window.matchMedia("(hover: none)");
  /* A margin note taller than this (in px) is cut and opens with "more". */
  var LONG_NOTE = 190;
  var NOTE_GAP = 10;

  root.classList.add("edition-js");

  function readLayer() {
    try { return window.localStorage.getItem(STORE_KEY); } catch (e) { return null; }
  }
  function writeLayer(value) {
    try { window.localStorage.setItem(STORE_KEY, value); } catch (e) { /* private mode */ }
  }
  if (readLayer() === "hidden") { root.classList.add("edition-layer-hidden"); }

  /* -- Margin notes ------------------------------------------------------------------ */

  function markerOf(note) {
    var previous = note.previousElementSibling;
    return previous && previous.classList.contains("footnote-reference") ? previous : null;
  }

  function prepareNote(note) {
    if (note.querySelector(":scope > .edition-sidenote-body")) { return; }
    var body = document.createElement("span");
    body.className = "edition-sidenote-body";
    while (note.firstChild) { body.appendChild(note.firstChild); }
    note.appendChild(body);
    var more = document.createElement("button");
    more.type = "button";
    more.className = "edition-sidenote-more";
    more.hidden = true;
    more.setAttribute("aria-expanded", "false");
    more.textContent = "more";
    more.addEventListener("click", function () {
      var open = note.classList.toggle("is-expanded");
      more.setAttribute("aria-expanded", open ? "true" : "false");
      more.textContent = open ? "less" : "more";
      layOutNotes();
    });
    note.appendChild(more);
  }

  function layOutNotes() {
    var main = document.querySelector("main.edition-main");
    if (!main) { return; }
    var notes = Array.prototype.slice.call(main.querySelectorAll(".edition-sidenote"));
    if (!WIDE.matches) {
      root.classList.remove("edition-notes-placed");
      notes.forEach(function (note) {
        note.style.top = "";
        note.style.left = "";
        /* Opened in place a note is shown whole: no "more" on a narrow screen. */
        note.classList.remove("is-long", "is-expanded");
        var more = note.querySelector(":scope > .edition-sidenote-more");
        if (more) {
          more.hidden = true;
          more.setAttribute("aria-expanded", "false");
          more.textContent = "more";
        }
      });
      main.style.minHeight = "";
      return;
    }
    root.classList.add("edition-notes-placed");
    var column = main.querySelector(":scope > section, :scope > div") || main;
    /* Page coordinates: a note is placed in those of its offset parent (the passage or
       box around it may be positioned), but notes are stacked in the page's. */
    var notesLeft = column.getBoundingClientRect().right + window.scrollX + 24;
    var lowest = 0;
    notes.forEach(function (note) {
      var marker = markerOf(note);
      if (!marker || note.closest(".edition-layer-hidden")) { return; }
      var more = note.querySelector(":scope > .edition-sidenote-more");
      note.classList.remove("is-long");
      if (more) { more.hidden = true; }
      if (!note.classList.contains("is-expanded") && note.offsetHeight > LONG_NOTE) {
        note.classList.add("is-long");
        if (more) { more.hidden = false; }
      } else if (note.classList.contains("is-expanded") && more) {
        more.hidden = false;
      }
      var parent = note.offsetParent || document.body;
      var parentBox = parent.getBoundingClientRect();
      var parentTop = parentBox.top + window.scrollY + parent.clientTop;
      var parentLeft = parentBox.left + window.scrollX + parent.clientLeft;
      /* Level with the top of the marker's line (the marker is set as a superscript
         whose box starts a little above the line's text). */
      var top = Math.max(marker.getBoundingClientRect().top + window.scrollY - 2, lowest);
      note.style.left = (notesLeft - parentLeft) + "px";
      note.style.top = (top - parentTop) + "px";
      lowest = top + note.offsetHeight + NOTE_GAP;
    });
    var mainTop = main.getBoundingClientRect().top + window.scrollY;
    lowest = lowest > 0 ? lowest - mainTop : 0;
    main.style.minHeight = lowest > 0 ? (lowest + 32) + "px" : "";
  }

  /* -- Notes on narrow screens: open and close in place -------------------------------- */

  function toggleNoteInPlace(marker, note) {
    var open = note.classList.toggle("is-open");
    marker.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function setUpNotes() {
    var notes = document.querySelectorAll("main .edition-sidenote");
    Array.prototype.forEach.call(notes, function (note) {
      prepareNote(note);
      var marker = markerOf(note);
      if (!marker) { return; }
      marker.setAttribute("aria-controls", note.id);
      marker.addEventListener("click", function (event) {
        event.preventDefault();
        if (WIDE.matches) {
          note.setAttribute("tabindex", "-1");
          note.focus({ preventScroll: true });
        } else {
          toggleNoteInPlace(marker, note);
        }
      });
      var back = note.querySelector(".edition-sidenote-back");
      if (back) {
        back.addEventListener("click", function (event) {
          event.preventDefault();
          if (!WIDE.matches && note.classList.contains("is-open")) {
            toggleNoteInPlace(marker, note);
          }
          marker.focus();
        });
      }
    });
    layOutNotes();
    var column = document.querySelector("main.edition-main > section, main.edition-main > div");
    if (window.ResizeObserver && column) {
      new ResizeObserver(function () { window.requestAnimationFrame(layOutNotes); }).observe(column);
    }
    window.addEventListener("resize", layOutNotes);
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(layOutNotes); }
  }

  /* -- Glossary previews --------------------------------------------------------------- */

  function closePreviews(except) {
    Array.prototype.forEach.call(document.querySelectorAll(".edition-term-ref.is-open"), function (ref) {
      if (ref !== except) {
        ref.classList.remove("is-open");
        var link = ref.querySelector("a");
        if (link) { link.setAttribute("aria-expanded", "false"); }
      }
    });
  }

  function setUpPreviews() {
    var refs = document.querySelectorAll(".edition-term-ref");
    Array.prototype.forEach.call(refs, function (ref, index) {
      var link = ref.querySelector(":scope > a");
      var preview = ref.querySelector(":scope > .edition-term-preview");
      if (!link || !preview) { return; }
      /* Heard as the link's description when a reader reaches the link, never read as
         part of the sentence. */
      preview.id = preview.id || (ref.id || "term-ref-x" + index) + "-preview";
      link.setAttribute("aria-describedby", preview.id);
      var entry = document.createElement("a");
      entry.className = "edition-term-preview-entry";
      entry.href = link.href;
      entry.textContent = "Full entry in the glossary";
      preview.appendChild(entry);
      var close = document.createElement("button");
      close.type = "button";
      close.className = "edition-term-preview-close";
      close.setAttribute("aria-label", "Close the preview");
      close.textContent = "×";
      close.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        closePreviews(null);
        ref.classList.add("is-dismissed"); /* focus goes back to the term, the preview stays shut */
        link.focus();
      });
      preview.appendChild(close);
      link.addEventListener("click", function (event) {
        if (!NO_HOVER.matches && WIDE.matches) { return; } /* a mouse: follow the link */
        if (ref.classList.contains("is-open")) { return; } /* second tap: follow it */
        event.preventDefault();
        closePreviews(ref);
        ref.classList.add("is-open");
        ref.classList.remove("is-dismissed");
        link.setAttribute("aria-expanded", "true");
      });
      /* A preview opened near the right edge (or in a margin note) is moved back into the
         screen rather than widen the page. */
      function keepOnScreen() {
        preview.style.left = "";
        var box = preview.getBoundingClientRect();
        if (box.width === 0) { return; }
        var room = document.documentElement.clientWidth - 8;
        var shift = box.right > room ? room - box.right : 0;
        if (box.left + shift < 8) { shift = 8 - box.left; }
        if (shift) { preview.style.left = shift + "px"; }
      }
      ref.addEventListener("mouseenter", keepOnScreen);
      ref.addEventListener("focusin", keepOnScreen);
      ref.addEventListener("mouseleave", function () { ref.classList.remove("is-dismissed"); });
      link.addEventListener("blur", function () { ref.classList.remove("is-dismissed"); });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      Array.prototype.forEach.call(refs, function (ref) {
        if (ref.matches(":hover, :focus-within") || ref.classList.contains("is-open")) {
          ref.classList.add("is-dismissed");
        }
      });
      closePreviews(null);
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest || !event.target.closest(".edition-term-ref")) { closePreviews(null); }
    });
  }

  /* -- The editorial layer switch -------------------------------------------------------- */

  function setUpLayerSwitch() {
    var buttons = document.querySelectorAll(".edition-layer-toggle");
    function show() {
      var hidden = root.classList.contains("edition-layer-hidden");
      Array.prototype.forEach.call(buttons, function (button) {
        button.hidden = false;
        button.setAttribute("aria-pressed", hidden ? "true" : "false");
        button.textContent = hidden ? "Show the editorial layer" : "Hide the editorial layer";
      });
    }
    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", function () {
        var hidden = root.classList.toggle("edition-layer-hidden");
        writeLayer(hidden ? "hidden" : "shown");
        show();
        layOutNotes();
      });
    });
    show();
  }

  function start() {
    setUpLayerSwitch();
    setUpNotes();
    setUpPreviews();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  window.addEventListener("load", layOutNotes);
})();
