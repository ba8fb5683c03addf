// checker HTML report: sort the summary table, filter by agency, verdict and rule.
// Reads only data- attributes and text; never builds HTML from document text.
(function () {
  "use strict";
  var table = document.getElementById("summary-table");
  if (!table) { return; }
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);

  function key(row, i, kind) {
    var cell = row.cells[i];
    var v = cell.getAttribute("data-value");
    if (kind === "num") { return parseFloat(v !== null ? v : cell.textContent) || 0; }
    return (v !== null ? v : cell.textContent).trim().toLowerCase();
  }

  function sortBy(i) {
    var th = heads[i];
    var kind = th.getAttribute("data-sort") || "text";
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var sorted = rows.slice().sort(function (a, b) {
      var ka = key(a, i, kind), kb = key(b, i, kind);
      if (ka < kb) { return -dir; }
      if (ka > kb) { return dir; }
      return rows.indexOf(a) - rows.indexOf(b);
    });
    sorted.forEach(function (r) { tbody.appendChild(r); });
  }

  heads.forEach(function (th, i) {
    th.addEventListener("click", function () { sortBy(i); });
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(i); } });
  });

  var fAgency = document.getElementById("f-agency");
  var fVerdict = document.getElementById("f-verdict");
  var fRule = document.getElementById("f-rule");
  var count = document.getElementById("f-count");
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.file"));

  function norm(s) { return (s || "").replace(/\s+/g, "").toLowerCase(); }

  function matches(el) {
    var a = norm(fAgency.value), v = fVerdict.value, r = fRule.value;
    if (a && norm(el.getAttribute("data-agency")).indexOf(a) < 0) { return false; }
    if (v && el.getAttribute("data-verdict") !== v) { return false; }
    if (r && (el.getAttribute("data-rules") || "").indexOf(" " + r + " ") < 0) { return false; }
    return true;
  }

  function apply() {
    var shown = 0;
    rows.forEach(function (row) { var ok = matches(row); row.hidden = !ok; if (ok) { shown += 1; } });
    sections.forEach(function (s) { s.hidden = !matches(s); });
    count.textContent = count.getAttribute("data-shown") + " " + shown + " " + count.getAttribute("data-of") + " " + rows.length;
  }

  [fAgency, fVerdict, fRule].forEach(function (el) {
    el.addEventListener("input", apply);
    el.addEventListener("change", apply);
  });
  // A link can preset the filters: report.html#verdict=fail&rule=AR301&agency=交通
  if (location.hash.indexOf("=") > 0) {
    location.hash.slice(1).split("&").forEach(function (pair) {
      var kv = pair.split("="), value = kv[1] || "";
      try { value = decodeURIComponent(value); } catch (e) { /* keep it as typed */ }
      if (kv[0] === "agency") { fAgency.value = value; }
      if (kv[0] === "verdict") { fVerdict.value = value; }
      if (kv[0] === "rule") { fRule.value = value; }
    });
  }
  apply();

  // What a person sees: how many highlighted table cells are actually visible.
  var visible = 0;
  Array.prototype.forEach.call(document.querySelectorAll(".grid td.hl"), function (td) {
    var box = td.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && getComputedStyle(td).visibility !== "hidden") { visible += 1; }
  });
  document.body.setAttribute("data-rendered-rows", String(rows.length));
  document.body.setAttribute("data-visible-highlights", String(visible));
})();
