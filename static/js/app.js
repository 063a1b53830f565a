// Bootstrap tooltips, also on content that htmx swaps in.
(function () {
  function initTooltips(root) {
    root.querySelectorAll('[data-bs-toggle="tooltip"]').forEach(function (el) {
      bootstrap.Tooltip.getOrCreateInstance(el);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { initTooltips(document); });
  document.body.addEventListener("htmx:afterSwap", function (event) { initTooltips(event.target); });
  // htmx does not swap 4xx answers by default; the inline editor answers 409/400 with the row to show.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 409 || event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();

// The report order form asks only what the chosen kind needs: the other fields are hidden and disabled.
(function () {
  function apply(select) {
    var form = select.form;
    form.querySelectorAll("[data-kinds]").forEach(function (box) {
      var needed = box.getAttribute("data-kinds").split(" ").indexOf(select.value) !== -1;
      box.hidden = !needed;
      box.querySelectorAll("select, input").forEach(function (el) { el.disabled = !needed; });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-report-kind]").forEach(function (select) {
      apply(select);
      select.addEventListener("change", function () { apply(select); });
    });
  });
})();
