// The search page: Pagefind's UI over the index `briefgen build` writes into pagefind/.
// Result addresses already carry the site's base path, so none is added here.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  var query = new URLSearchParams(window.location.search).get("q");
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: element.dataset.bundle,
    baseUrl: "/",
    showImages: false,
    showSubResults: false,
    translations: { placeholder: "Search the briefing" },
  });
  var input = element.querySelector("input");  // a title alone is not a label
  if (input) input.setAttribute("aria-label", "Search this briefing");
  if (query) ui.triggerSearch(query);
});
