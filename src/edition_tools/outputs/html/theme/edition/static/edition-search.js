/* The search page's results, each with an excerpt from where it lands. Loaded on the
   search page only, after Sphinx's searchtools.js, whose `Search` it adjusts.

   - Sphinx shows an object result (an event, a disputed claim, a glossary entry: see
     outputs/html/search_results.py) with its type instead of an excerpt. Its title
     already says what it is, so it gets an excerpt, like every other result.
   - Sphinx finds the excerpt's element with a CSS selector made from the anchor, which
     an id with a dot (`term-George-W.-Bush`) defeats; the id is looked up as an id.
   - A glossary entry's anchor is its headword; its excerpt is its definition.

   Nothing here runs without searchtools.js: the search needs script anyway, and the
   page says so (Sphinx's <noscript> warning). */
(function () {
  "use strict";

  if (typeof Search === "undefined") return;

  var findObjects = Search.performObjectSearch;
  Search.performObjectSearch = function (object, objectTerms) {
    return findObjects(object, objectTerms).map(function (result) {
      result[3] = null; /* no description: searchtools.js fetches an excerpt instead */
      return result;
    });
  };

  /* The element an anchor ("#id") names inside the page's main content, or null. */
  function anchored(page, main, anchor) {
    if (!anchor) return null;
    var id;
    try { id = decodeURIComponent(anchor.slice(1)); } catch (e) { id = anchor.slice(1); }
    var element = page.getElementById(id);
    if (!element || !main.contains(element)) return null;
    if (element.tagName === "DT") {
      /* A term, perhaps one of several spellings: the definition follows them. */
      var next = element.nextElementSibling;
      while (next && next.tagName === "DT") next = next.nextElementSibling;
      if (next && next.tagName === "DD") return next;
    }
    return element;
  }

  Search.htmlToText = function (htmlString, anchor) {
    var page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(".headerlink, script, style").forEach(function (element) {
      element.remove();
    });
    var main = page.querySelector('[role="main"]');
    if (!main) return "";
    var element = anchored(page, main, anchor) || main;
    return element.textContent;
  };
})();
