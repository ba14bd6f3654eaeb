// The search page: Pagefind's UI over the index `briefgen build` writes into pagefind/, in
// shards (pagefind/0/, pagefind/1/, …; pagefind/shards.json says how many) searched as one.
// Result addresses already carry the site's base path, so none is added here. An article's
// claims that match show under it as sub-results (Pagefind's, up to three), each leading to its
// marked quote.
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
