/* briefgen: the filters of the claims table (claims.html).

   Without this script a claims page is the plain table of its claims, with links to the other
   pages. With it, the page's filter form (rendered hidden, its options listed by the server) is
   shown; once any filter is set, the table lists the matching claims among ALL claims of the
   site, read from the parts that data/claims.json lists, and the links to the other pages are
   hidden. The filters
   stand in the address (?speaker=…&topic=…&outlet=…&from=…&to=…), so a filtered view can be
   shared, bookmarked and reloaded. Text from the data is set as text, never as HTML. */
(function () {
  "use strict";

  var form = document.getElementById("claims-filter");
  if (!form || !window.fetch || !window.URLSearchParams || !window.history || !history.replaceState) {
    return; // the plain table stays
  }
  var table = document.querySelector(".claims-table");
  if (!table || !table.tBodies.length) {
    return;
  }

  var NAMES = ["speaker", "topic", "outlet", "from", "to"];
  var STEP = 500; // rows shown at a time, as on the pages of the table
  var total = Number(form.getAttribute("data-total")) || 0;
  var source = form.getAttribute("data-source");
  var status = form.querySelector(".filter-status");
  var clear = form.querySelector(".filter-clear");
  var pager = document.querySelector("nav.pager");
  var pageRows = table.tBodies[0];
  var found = document.createElement("tbody");
  found.className = "filter-results";
  found.hidden = true;
  table.appendChild(found);

  var more = document.createElement("p");
  more.className = "filter-more";
  more.hidden = true;
  var moreButton = document.createElement("button");
  moreButton.type = "button";
  more.appendChild(moreButton);
  var scroller = table.closest(".table-scroll") || table;
  scroller.parentNode.insertBefore(more, scroller.nextSibling);

  var claims = null; // a promise of the list of every claim, once asked for
  var matching = [];
  var shown = 0;
  var latest = 0; // which update is the latest: an older one finishing late is dropped

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    });
  }

  // data/claims.json lists the parts of the list of claims (a month of articles each), in the
  // order of the table; the parts are fetched together and put back in that order.
  function load() {
    if (!claims) {
      claims = getJSON(source).then(function (index) {
        if (!index || !Array.isArray(index.parts)) {
          throw new Error("no list of claims");
        }
        return Promise.all(index.parts.map(function (part) {
          return getJSON(new URL(part.url, new URL(source, location.href)).href).then(function (data) {
            if (!data || !Array.isArray(data.claims) || data.claims.length !== part.claims) {
              throw new Error("a part of the list of claims is missing or out of date");
            }
            return data.claims;
          });
        }));
      }).then(function (parts) {
        return [].concat.apply([], parts);
      });
      claims.catch(function () {
        claims = null; // asked again on the next change
      });
    }
    return claims;
  }

  function chosen() {
    var values = {};
    NAMES.forEach(function (name) {
      var field = form.elements[name];
      values[name] = field ? field.value.trim() : "";
    });
    return values;
  }

  function any(values) {
    return NAMES.some(function (name) {
      return values[name] !== "";
    });
  }

  function matches(claim, values) {
    if (values.speaker && !(claim.speaker && claim.speaker.id === values.speaker)) {
      return false;
    }
    if (values.topic && !(claim.topics || []).some(function (t) { return t.id === values.topic; })) {
      return false;
    }
    if (values.outlet && claim.outlet !== values.outlet) {
      return false;
    }
    // ISO dates (YYYY-MM-DD) compare as strings; both days of the range are included.
    if (values.from && !(claim.date && claim.date >= values.from)) {
      return false;
    }
    if (values.to && !(claim.date && claim.date <= values.to)) {
      return false;
    }
    return true;
  }

  // The site's own addresses only: anything but a page of this site or http(s) becomes no link.
  function safeHref(url) {
    if (typeof url !== "string" || url === "") {
      return null;
    }
    try {
      var resolved = new URL(url, location.href);
      return resolved.protocol === "http:" || resolved.protocol === "https:" ? url : null;
    } catch (error) {
      return null;
    }
  }

  function link(url, text) {
    var href = safeHref(url);
    var element = document.createElement(href ? "a" : "span");
    if (href) {
      element.setAttribute("href", href);
    }
    element.textContent = text == null ? "" : String(text);
    return element;
  }

  function cell(row) {
    var td = document.createElement("td");
    row.appendChild(td);
    return td;
  }

  // A date as every page writes it ('15 January 2022': views.display_date), from 'YYYY-MM-DD'.
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];
  function displayDate(iso) {
    var parts = iso.split("-");
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0];
  }

  // The same columns and markup as the rows the server writes (claims.html).
  function row(claim) {
    var tr = document.createElement("tr");
    if (claim.kind === "direct" || claim.kind === "paraphrase") {
      tr.className = claim.kind;
    }
    var quote = claim.quote == null ? "" : String(claim.quote);
    cell(tr).appendChild(link(claim.permalink, claim.kind === "direct" ? "\u201c" + quote + "\u201d" : quote));
    var speaker = claim.speaker || {};
    cell(tr).appendChild(link(speaker.url, speaker.name));
    var topics = cell(tr);
    (claim.topics || []).forEach(function (topic, index) {
      if (index > 0) {
        topics.appendChild(document.createTextNode(", "));
      }
      topics.appendChild(link(topic.url, topic.title));
    });
    var article = claim.article || {};
    cell(tr).appendChild(link(article.url, claim.outlet || article.title));
    var date = cell(tr);
    if (claim.date) {
      var time = document.createElement("time");
      time.setAttribute("datetime", claim.date);
      time.textContent = displayDate(claim.date);
      date.appendChild(time);
    }
    return tr;
  }

  function showMore() {
    var fragment = document.createDocumentFragment();
    var first = null;
    matching.slice(shown, shown + STEP).forEach(function (claim) {
      var tr = row(claim);
      first = first || tr;
      fragment.appendChild(tr);
    });
    found.appendChild(fragment);
    shown = Math.min(matching.length, shown + STEP);
    var left = matching.length - shown;
    more.hidden = left <= 0;
    moreButton.textContent = "Show " + Math.min(STEP, left) + " more (" + shown + " of " +
      matching.length + " shown)";
    return first;
  }

  // What is asked, in words: "speaker Ana Lima, topic Trade, from 2024-01-01 to 2024-01-31".
  function wording(values) {
    var parts = [];
    ["speaker", "topic", "outlet"].forEach(function (name) {
      var field = form.elements[name];
      if (values[name] && field && field.selectedIndex >= 0) {
        parts.push(name + " " + field.options[field.selectedIndex].text);
      }
    });
    if (values.from) {
      parts.push("from " + values.from);
    }
    if (values.to) {
      parts.push((values.from ? "to " : "until ") + values.to);
    }
    return parts.join(", ");
  }

  function describe(values) {
    var text = plural(matching.length, "claim") + " of " + total +
      (matching.length === 1 ? " matches: " : " match: ") + wording(values);
    if (matching.length > shown) {
      text += "; the first " + shown + " are shown";
    }
    if (values.from && values.to && values.from > values.to) {
      text += ". The start date is after the end date";
    }
    return text + ".";
  }

  function showPage() {
    found.hidden = true;
    found.textContent = "";
    pageRows.hidden = false;
    more.hidden = true;
    if (pager) {
      pager.hidden = false;
    }
    table.removeAttribute("aria-busy");
  }

  function showFound(values) {
    found.textContent = "";
    shown = 0;
    if (matching.length) {
      showMore();
    } else {
      more.hidden = true;
      var tr = document.createElement("tr");
      tr.className = "no-match";
      var td = cell(tr);
      td.colSpan = 5;
      td.textContent = "No claim matches these filters.";
      found.appendChild(tr);
    }
    pageRows.hidden = true;
    found.hidden = false;
    if (pager) {
      pager.hidden = true;
    }
    table.removeAttribute("aria-busy");
    status.textContent = describe(values);
  }

  function remember(values) {
    var query = new URLSearchParams();
    NAMES.forEach(function (name) {
      if (values[name]) {
        query.set(name, values[name]);
      }
    });
    var search = query.toString();
    var address = location.pathname + (search ? "?" + search : "") + location.hash;
    if (address !== location.pathname + location.search + location.hash) {
      history.replaceState(history.state, "", address);
    }
  }

  function update(announceClear) {
    var values = chosen();
    var mine = ++latest;
    remember(values);
    if (!any(values)) {
      showPage();
      status.textContent = announceClear ? "Filters cleared: the table shows this page's claims." : "";
      return;
    }
    table.setAttribute("aria-busy", "true");
    status.textContent = "Loading all claims\u2026";
    load().then(function (list) {
      if (mine !== latest) {
        return;
      }
      matching = list.filter(function (claim) { return matches(claim, values); });
      showFound(values);
    }, function (error) {
      if (mine !== latest) {
        return;
      }
      showPage();
      status.textContent = "The claims could not be loaded for filtering (" + error.message +
        "); the table shows this page's claims, unfiltered.";
    });
  }

  function fromAddress() {
    var query = new URLSearchParams(location.search);
    NAMES.forEach(function (name) {
      var field = form.elements[name];
      if (field) {
        var wanted = query.get(name) || "";
        field.value = wanted;
        if (field.value !== wanted) {
          field.value = ""; // a value the field does not offer: the filter is left out
        }
      }
    });
  }

  form.addEventListener("change", function () {
    update(false);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault(); // Enter in a field: filter here, no page load
    update(false);
  });
  form.addEventListener("focusin", function () {
    load().catch(function () {}); // fetched while the reader chooses
  }, { once: true });
  clear.addEventListener("click", function () {
    NAMES.forEach(function (name) {
      if (form.elements[name]) {
        form.elements[name].value = "";
      }
    });
    update(true);
  });
  moreButton.addEventListener("click", function () {
    var first = showMore();
    if (more.hidden && first) { // the button is gone: go on from the first row it added
      var target = first.querySelector("a") || first;
      target.focus();
    }
    status.textContent = describe(chosen());
  });

  form.hidden = false;
  fromAddress();
  if (any(chosen())) {
    update(false);
  }
})();
