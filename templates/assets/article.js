/* briefgen: an article page's claims, beside their quotes (article.html).

   Without this script every quote's number links to its claim's card in the list of claims (beside
   the text on wide screens, after it on phones), and the card's number links back to the quote.
   With it:
   - from 64rem wide, each card stands level with its quote (pushed down where the one before
     would overlap it), and pointing at a quote or its card lights up both;
   - on narrower screens, a tap on a quote or its number opens a copy of its card in place, under
     the paragraph, with a button (and Escape) that closes it and gives the focus back;
   - by keyboard, a quote's number opens its claim (the card beside it takes the focus) and the
     card's number brings the focus back to the quote's.
   Text from the page is moved as nodes, never set as HTML. */
(function () {
  "use strict";

  var panel = document.querySelector(".claims-panel");
  var list = panel && panel.querySelector(".claim-list");
  if (!list || !window.matchMedia || !document.addEventListener) {
    return; // the plain links stay
  }
  var wide = window.matchMedia("(min-width: 64rem)");
  var cards = {};
  var marks = {};
  var refs = {};
  Array.prototype.forEach.call(list.querySelectorAll(".panel-claim[data-claim]"), function (card) {
    cards[card.getAttribute("data-claim")] = card;
  });
  Array.prototype.forEach.call(document.querySelectorAll("mark.claim[id][data-claim]"), function (mark) {
    marks[mark.getAttribute("data-claim")] = mark;
  });
  Array.prototype.forEach.call(document.querySelectorAll(".claim-tag a.claim-num[data-claim]"), function (ref) {
    refs[ref.getAttribute("data-claim")] = ref;
  });

  // 1. Wide screens: every card level with its quote, none over the one before.
  var GAP = 12;
  function place() {
    var ids = Object.keys(cards);
    if (!wide.matches) {
      panel.classList.remove("beside");
      list.style.height = "";
      ids.forEach(function (id) { cards[id].style.top = ""; });
      return;
    }
    panel.classList.add("beside");
    var base = list.getBoundingClientRect().top;
    var next = 0;
    ids.forEach(function (id) {
      var card = cards[id];
      var mark = marks[id];
      var top = mark ? Math.max(mark.getBoundingClientRect().top - base, next) : next;
      card.style.top = top + "px";
      next = top + card.offsetHeight + GAP;
    });
    list.style.height = next + "px";
  }

  // 2. A quote and its card light up together.
  function light(id, on) {
    if (cards[id]) cards[id].classList.toggle("active", on);
    Array.prototype.forEach.call(document.querySelectorAll('mark.claim[data-claim="' + id + '"]'), function (mark) {
      mark.classList.toggle("active", on);
    });
  }
  function claimOf(node) {
    var owner = node && node.closest && node.closest("[data-claim]");
    return owner ? owner.getAttribute("data-claim") : null;
  }
  ["mouseover", "mouseout", "focusin", "focusout"].forEach(function (kind) {
    document.addEventListener(kind, function (event) {
      var id = claimOf(event.target);
      if (id && cards[id]) light(id, kind === "mouseover" || kind === "focusin");
    });
  });

  // 3. Narrow screens: the claim opened in place, under the paragraph of its quote.
  var opened = null;
  function close(giveFocusBack) {
    if (!opened) return;
    var id = opened.getAttribute("data-for");
    opened.parentNode.removeChild(opened);
    opened = null;
    if (giveFocusBack && refs[id]) refs[id].focus();
  }
  function openInPlace(id) {
    close(false);
    var card = cards[id];
    var at = refs[id] || marks[id];
    var block = at && at.closest("p, li, blockquote, h1, h2, h3, h4, td, dd");
    if (!card || !block) return;
    var copy = card.cloneNode(true);
    copy.removeAttribute("id");
    copy.removeAttribute("tabindex");
    Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (node) { node.removeAttribute("id"); });
    var back = copy.querySelector("a.claim-num");
    if (back) back.parentNode.removeChild(back);
    opened = document.createElement("div");
    opened.className = "claim-pop " + (card.classList.contains("direct") ? "direct" : "paraphrase");
    opened.setAttribute("role", "group");
    opened.setAttribute("aria-label", "Claim " + (refs[id] ? refs[id].textContent : ""));
    opened.setAttribute("data-for", id);
    opened.tabIndex = -1;
    var shut = document.createElement("button");
    shut.type = "button";
    shut.className = "claim-pop-close";
    shut.textContent = "Close";
    shut.addEventListener("click", function () { close(true); });
    opened.appendChild(shut);
    while (copy.firstChild) opened.appendChild(copy.firstChild);
    block.parentNode.insertBefore(opened, block.nextSibling);
    opened.focus();
  }

  // 4. Opening a claim, and going back to its quote.
  function open(id) {
    if (!cards[id]) return;
    if (!wide.matches) {
      openInPlace(id);
      return;
    }
    light(id, true);
    cards[id].focus({ preventScroll: true });
    if (cards[id].getBoundingClientRect().bottom > window.innerHeight) {
      cards[id].scrollIntoView({ block: "nearest" });
    }
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    var ref = target.closest && target.closest(".claim-tag a.claim-num[data-claim]");
    var back = target.closest && target.closest(".panel-claim a.claim-num");
    var mark = target.closest && target.closest("mark.claim[data-claim]");
    if (ref) {
      event.preventDefault();
      open(ref.getAttribute("data-claim"));
    } else if (back && wide.matches) {
      var id = claimOf(back);
      if (refs[id]) {
        event.preventDefault();
        refs[id].focus();
        (marks[id] || refs[id]).scrollIntoView({ block: "center" });
      }
    } else if (mark && !target.closest("a") && !window.getSelection().toString()) {
      open(mark.getAttribute("data-claim"));
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && opened) close(true);
  });

  place();
  if (window.ResizeObserver) {
    new ResizeObserver(function () { place(); }).observe(document.querySelector(".article-layout") || document.body);
  } else {
    window.addEventListener("resize", place);
  }
  if (wide.addEventListener) wide.addEventListener("change", function () { close(false); place(); });
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(place);
})();
