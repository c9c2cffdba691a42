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
            if (!cell.hasAttribute("data-label") && names[column]) cell.setAttribute("data-label", names[column]);
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
