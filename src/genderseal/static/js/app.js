// Behaviour every page shares; no inline scripts or event handlers (Content-Security-Policy).
//   <select data-autosubmit>             submits its form when changed (fiscal year and round pickers)
//   <form data-confirm="Question?">      asks before submitting (also on a submit button)
//   <button data-print>                  prints the page
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.matches && field.matches("[data-autosubmit]") && field.form) {
    field.form.submit();
  }
});
document.addEventListener("click", function (event) {
  var target = event.target.closest ? event.target.closest("[data-print], button[data-confirm], input[data-confirm]") : null;
  if (!target) return;
  if (target.hasAttribute("data-print")) {
    event.preventDefault();
    window.print();
  } else if (!window.confirm(target.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.hasAttribute && form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
}, true);
// The section menu (<details data-nav-menu>) folds on phones; on wider screens it is always open.
(function () {
  var wide = window.matchMedia("(min-width: 60.01rem)");
  function unfold() {
    var menus = document.querySelectorAll("details[data-nav-menu]");
    for (var i = 0; i < menus.length; i++) { if (wide.matches) menus[i].open = true; }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", unfold); else unfold();
  if (wide.addEventListener) wide.addEventListener("change", unfold);
})();
// On a phone, a table.data becomes stacked rows (app.css): each cell shows its column's heading,
// copied here from the table's own <thead> into data-label (cells that already carry one keep it).
(function () {
  function label(root) {
    var tables = root.querySelectorAll("table.data");
    for (var t = 0; t < tables.length; t++) {
      var head = tables[t].tHead && tables[t].tHead.rows[tables[t].tHead.rows.length - 1];
      if (!head) continue;
      var names = [];
      for (var h = 0; h < head.cells.length; h++) {
        for (var span = 0; span < (head.cells[h].colSpan || 1); span++) names.push(head.cells[h].textContent.trim());
      }
      for (var b = 0; b < tables[t].tBodies.length; b++) {
        var rows = tables[t].tBodies[b].rows;
        for (var r = 0; r < rows.length; r++) {
          var column = 0;
          for (var c = 0; c < rows[r].cells.length; c++) {
            var cell = rows[r].cells[c];
            var whole = (cell.colSpan || 1) >= names.length && names.length > 1;  // "nothing yet" across the row
            if (!cell.hasAttribute("data-label") && names[column] && !whole) cell.setAttribute("data-label", names[column]);
            column += cell.colSpan || 1;
          }
        }
      }
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { label(document); });
  else label(document);
  document.addEventListener("htmx:load", function () { label(document); });
})();
// Date fields (<input data-thai-date>, core/forms.py ThaiDateInput) are typed as dd/mm/yyyy, the year in the
// Buddhist Era in Thai; a button beside each opens a month to pick a day from, in the same calendar.
(function () {
  var TH = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
  var EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  var DAYS_TH = ["อา", "จ", "อ", "พ", "พฤ", "ศ", "ส"], DAYS_EN = ["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"];
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function parse(input, thai) {
    var m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/.exec(input.value.trim());
    if (!m) return new Date();
    var year = +m[3]; if (year >= 2400) year -= 543;
    return new Date(year, +m[2] - 1, +m[1]);
  }
  function build(input) {
    var thai = (input.getAttribute("lang") || document.documentElement.lang || "th").indexOf("th") === 0;
    var button = document.createElement("button");
    button.type = "button"; button.className = "btn secondary small date-pick";
    button.textContent = thai ? "ปฏิทิน" : "Calendar";
    button.setAttribute("aria-expanded", "false");
    var box = document.createElement("div"); box.className = "date-picker"; box.hidden = true;
    input.insertAdjacentElement("afterend", button); button.insertAdjacentElement("afterend", box);
    var shown;
    function draw() {
      box.textContent = "";
      var head = document.createElement("div"); head.className = "date-picker-head";
      var prev = document.createElement("button"); prev.type = "button"; prev.className = "linklike"; prev.textContent = "‹";
      prev.setAttribute("aria-label", thai ? "เดือนก่อน" : "Previous month");
      var next = document.createElement("button"); next.type = "button"; next.className = "linklike"; next.textContent = "›";
      next.setAttribute("aria-label", thai ? "เดือนถัดไป" : "Next month");
      var title = document.createElement("strong");
      title.textContent = (thai ? TH : EN)[shown.getMonth()] + " " + (shown.getFullYear() + (thai ? 543 : 0));
      prev.addEventListener("click", function () { shown = new Date(shown.getFullYear(), shown.getMonth() - 1, 1); draw(); });
      next.addEventListener("click", function () { shown = new Date(shown.getFullYear(), shown.getMonth() + 1, 1); draw(); });
      head.appendChild(prev); head.appendChild(title); head.appendChild(next); box.appendChild(head);
      var grid = document.createElement("div"); grid.className = "date-picker-grid";
      (thai ? DAYS_TH : DAYS_EN).forEach(function (d) { var s = document.createElement("span"); s.textContent = d; grid.appendChild(s); });
      var first = new Date(shown.getFullYear(), shown.getMonth(), 1).getDay();
      for (var i = 0; i < first; i++) grid.appendChild(document.createElement("span"));
      var last = new Date(shown.getFullYear(), shown.getMonth() + 1, 0).getDate();
      for (var day = 1; day <= last; day++) {
        var b = document.createElement("button"); b.type = "button"; b.textContent = day;
        b.addEventListener("click", (function (d) { return function () {
          input.value = two(d) + "/" + two(shown.getMonth() + 1) + "/" + (shown.getFullYear() + (thai ? 543 : 0));
          box.hidden = true; button.setAttribute("aria-expanded", "false"); input.focus();
          input.dispatchEvent(new Event("change", {bubbles: true}));
        }; })(day));
        grid.appendChild(b);
      }
      box.appendChild(grid);
    }
    button.addEventListener("click", function () {
      if (box.hidden) { var d = parse(input, thai); shown = new Date(d.getFullYear(), d.getMonth(), 1); draw(); }
      box.hidden = !box.hidden; button.setAttribute("aria-expanded", box.hidden ? "false" : "true");
    });
  }
  function all(root) {
    var inputs = root.querySelectorAll("input[data-thai-date]:not([data-picker])");
    for (var i = 0; i < inputs.length; i++) { inputs[i].setAttribute("data-picker", ""); build(inputs[i]); }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { all(document); });
  else all(document);
  document.addEventListener("htmx:load", function () { all(document); });
})();
