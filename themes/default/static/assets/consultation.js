/* Public-comment status in the browser. The page was built at one moment
 * and says so; this recomputes "open / closed / days left" from each
 * consultation's dates (data-start, data-end: YYYY-MM-DD, both days
 * included) and today's date in Vietnam (UTC+7), with the words the page
 * carries in data attributes. Without JavaScript the built text stands. */
(function () {
  "use strict";
  var DAY = 86400000;
  function today() {
    return new Date(Date.now() + 7 * 3600000).toISOString().slice(0, 10);
  }
  function days(from, to) {
    return Math.round((Date.parse(to + "T00:00:00Z") - Date.parse(from + "T00:00:00Z")) / DAY);
  }
  function update() {
    var now = today();
    var holders = document.querySelectorAll("[data-start][data-end]");
    for (var i = 0; i < holders.length; i++) {
      var h = holders[i];
      var start = h.getAttribute("data-start");
      var end = h.getAttribute("data-end");
      var badge = h.querySelector("[data-status]");
      var detail = h.querySelector("[data-detail]");
      if (!badge || !detail) { continue; }
      var code, text;
      if (now < start) {
        code = "upcoming";
        text = detail.getAttribute("data-starts");
      } else if (now > end) {
        code = "closed";
        text = detail.getAttribute("data-ended");
      } else {
        code = "open";
        var left = days(now, end) + 1;
        text = left <= 1 ? detail.getAttribute("data-last-day")
          : detail.getAttribute("data-days-left").replace("{n}", String(left));
      }
      badge.textContent = badge.getAttribute("data-" + code);
      badge.className = "status-badge status-" + code;
      detail.textContent = text;
    }
    var built = document.querySelectorAll("[data-built]");
    for (var j = 0; j < built.length; j++) {
      var small = built[j].querySelector("small");
      if (small) { small.textContent = built[j].getAttribute("data-live"); }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
