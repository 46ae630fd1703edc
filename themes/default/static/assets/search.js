/* Search without marks for the default bangvang theme.
 * Reads its settings and words from the data- attributes of #search, loads the
 * index (an array of { title, url, date_short, kind, text }, `text` already
 * folded) and lists the entries that contain every word of the folded query.
 * "huyen tung" finds "Huyền Tụng". No external requests, no dependencies. */
(function () {
  "use strict";

  var root = document.getElementById("search");
  if (!root || !window.fetch) { return; }

  var input = document.getElementById("search-q");
  var form = input && input.form;
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var data = root.dataset;
  var LIMIT = 100;
  var index = null;
  var timer = 0;

  /* Lowercase, no marks, đ → d, single spaces: the same folding as the index. */
  function fold(s) {
    return String(s || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  function say(text) { status.textContent = text; }

  function kindLabel(kind) {
    if (kind === "unit") { return data.kindUnit; }
    if (kind === "page") { return data.kindPage; }
    return data.kindItem;
  }

  function render(query) {
    var words = fold(query).split(" ").filter(Boolean);
    list.textContent = "";
    if (!words.length) { say(""); return; }

    var inTitle = [];
    var elsewhere = [];
    for (var i = 0; i < index.length; i++) {
      var e = index[i];
      var title = fold(e.title);
      var hay = (e.text || "") + " " + title;
      var all = true;
      for (var w = 0; w < words.length; w++) {
        if (hay.indexOf(words[w]) === -1) { all = false; break; }
      }
      if (!all) { continue; }
      var allInTitle = words.every(function (word) { return title.indexOf(word) !== -1; });
      (allInTitle ? inTitle : elsewhere).push(e);
    }
    var hits = inTitle.concat(elsewhere);

    if (!hits.length) { say(data.empty); return; }

    var frag = document.createDocumentFragment();
    hits.slice(0, LIMIT).forEach(function (e) {
      var li = document.createElement("li");
      li.className = "search-result";
      var a = document.createElement("a");
      a.href = e.url;
      a.textContent = e.title;
      var meta = document.createElement("span");
      meta.className = "search-result-meta";
      meta.textContent = kindLabel(e.kind) + (e.date_short ? " · " + e.date_short : "");
      li.appendChild(a);
      li.appendChild(meta);
      frag.appendChild(li);
    });
    list.appendChild(frag);

    var msg = data.count.replace("{n}", String(hits.length));
    if (hits.length > LIMIT) { msg += " " + data.more.replace("{n}", String(LIMIT)); }
    say(msg);
  }

  function keepInUrl(query) {
    if (!window.history || !history.replaceState) { return; }
    var url = new URL(window.location.href);
    if (query) { url.searchParams.set("q", query); } else { url.searchParams.delete("q"); }
    history.replaceState(null, "", url.toString());
  }

  function update() {
    var query = input.value;
    keepInUrl(query.trim());
    if (index) { render(query); }
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 120);
  });
  if (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      clearTimeout(timer);
      update();
    });
  }

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  if (initial) { input.value = initial; }

  say(data.loading);
  fetch(data.index, { credentials: "same-origin" })
    .then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    })
    .then(function (entries) {
      index = Array.isArray(entries) ? entries : [];
      say("");
      render(input.value);
    })
    .catch(function () { say(data.error); });
})();
