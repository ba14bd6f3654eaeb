// The search page: Pagefind's UI over the index `briefgen build` writes into pagefind/, in
// shards (pagefind/0/, pagefind/1/, …; pagefind/shards.json says how many) searched as one.
// Result addresses already carry the site's base path, so none is added here. An article's
// claims that match show under it as sub-results (Pagefind's, up to three), each leading to its
// marked quote: each reads as its quote (shortened), with who said it, the outlet and the date
// on a line below (readResult).
var TITLE_LENGTH = 100;  // a claim's quote is shortened to at most this many characters

// Text as HTML (the excerpt a sub-result shows is HTML), and back (a filter's value is kept escaped).
function escapeHtml(text) {
  var element = document.createElement("span");
  element.textContent = text;
  return element.innerHTML;
}
function unescapeHtml(html) {
  return new DOMParser().parseFromString(html, "text/html").documentElement.textContent;
}

// The words of a text, without punctuation (an excerpt ends a heading with a full stop).
function words(text) {
  return text.replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

// A quote cut at a word to at most TITLE_LENGTH characters, "…" where it was cut (inside its
// closing quotation mark, if it has one).
function shortened(quote) {
  if (quote.length <= TITLE_LENGTH) return quote;
  var closing = quote.endsWith("\u201d") ? "\u201d" : "";
  var cut = quote.slice(0, TITLE_LENGTH - closing.length);
  cut = cut.slice(0, cut.lastIndexOf(" ")).replace(/[\s,;:.\u2013\u2014-]+$/, "");
  return cut + "\u2026" + closing;
}

// A result as it reads best. An article's excerpt is of its own text when the words are found
// there (Pagefind's takes the claims' headings, weighted more, before it). A claim is indexed as a
// heading "Speaker: quote" (outputs/search_index.py), its speaker one of the article's speaker
// filter: its sub-result is titled by the quote, and its excerpt opens with a line
// "Speaker · Outlet · Date", followed by the excerpt only when it says more than the heading (its
// summary). Another sub-result is left as it is.
function readResult(result) {
  var root = result.sub_results && result.sub_results[0];
  if (root && root.url === (result.meta.url || result.url)) result.excerpt = root.excerpt;
  var speakers = ((result.filters && result.filters.speaker) || []).map(unescapeHtml);
  var where = [result.meta.outlet, result.meta.date].filter(Boolean);
  (result.sub_results || []).forEach(function (sub) {
    var speaker = speakers.filter(function (name) { return sub.title.startsWith(name + ": "); })
      .sort(function (a, b) { return b.length - a.length; })[0];
    if (speaker === undefined) return;
    var repeats = words(sub.title).includes(words(unescapeHtml(sub.excerpt)));
    sub.title = shortened(sub.title.slice(speaker.length + 2));
    var byline = [speaker].concat(where).map(function (part) { return "<span>" + escapeHtml(part) + "</span>"; });
    sub.excerpt = '<span class="search-claim-by">' + byline.join(" \u00b7 ") + "</span>" +
      (repeats ? "" : " " + sub.excerpt);
  });
  return result;
}

window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  var bundle = element.dataset.bundle;
  var query = new URLSearchParams(window.location.search).get("q");
  fetch(bundle + "shards.json")
    .then(function (response) { return response.json(); })
    .then(function (index) {
      var others = [];
      for (var i = 1; i < index.shards; i++) others.push({ bundlePath: bundle + i + "/", baseUrl: "/" });
      var ui = new PagefindUI({
        element: "#search",
        bundlePath: bundle + "0/",
        mergeIndex: others,
        baseUrl: "/",
        showImages: false,
        showSubResults: true,
        processResult: readResult,
        translations: { placeholder: "Search the briefing" },
      });
      var input = element.querySelector("input");  // a title alone is not a label
      if (input) input.setAttribute("aria-label", "Search this briefing");
      if (query) ui.triggerSearch(query);
    })
    .catch(function () {
      element.textContent = "The search index could not be loaded: rebuild the site with briefgen build.";
    });
});
