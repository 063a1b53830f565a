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

// On a phone, a list's filters fold behind one «Фильтры» button (with the number of filters set).
(function () {
  var counter = 0;
  function fold(marker) {
    var form = marker.closest("form");
    if (!form || form.dataset.folded) { return; }
    form.dataset.folded = "1";
    if (!form.id) { counter += 1; form.id = "list-filters-" + counter; }
    var set = 0;
    form.querySelectorAll("select, input:not([type=hidden]):not([type=submit])").forEach(function (el) {
      if ((el.type === "checkbox" || el.type === "radio") ? el.checked : (el.value || "").trim() !== "") { set += 1; }
    });
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-secondary mb-2 filters-toggle";
    button.setAttribute("aria-controls", form.id);
    button.setAttribute("aria-expanded", "false");
    button.textContent = set ? "Фильтры (" + set + ")" : "Фильтры";
    button.addEventListener("click", function () {
      var open = form.classList.toggle("filters-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    form.classList.add("filters-foldable");
    form.parentNode.insertBefore(button, form);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-filter-fold]").forEach(fold);
  });
})();
