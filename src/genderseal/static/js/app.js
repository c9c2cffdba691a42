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
