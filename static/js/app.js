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

// Behaviour that used to be inline onsubmit/onchange attributes, which the Content-Security-Policy refuses:
// <form data-confirm="Вопрос?"> asks before sending; <select data-autosubmit> sends its form on change.
(function () {
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  }, true);
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) { el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit(); }
  });
})();

// htmx updates announced: after a swap, the new «Сохранено», error or row count is read out from the
// page's one polite live region (a freshly inserted role="status" is not reliably announced by itself).
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var live = document.getElementById("live-status");
    if (!live) { return; }
    document.body.addEventListener("htmx:afterSwap", function (event) {
      // An outerHTML swap replaces the target: find its successor by id.
      var target = event.detail.target;
      var root = target && target.id ? document.getElementById(target.id) || target : target;
      if (!root || !root.querySelector) { return; }
      var said = root.querySelector('[role="alert"], [role="status"], [data-announce]');
      if (!said && root.matches && root.matches('[role="alert"], [role="status"], [data-announce]')) { said = root; }
      if (said) {
        live.textContent = "";
        window.setTimeout(function () { live.textContent = said.textContent.trim(); }, 50);
      }
    });
  });
})();

// A status select saves on change (htmx), except for the value named in data-autosave-except:
// «выполнено» needs its proof (a comment or a file) first and is saved with «Сохранить». No inline
// expression in hx-trigger: the Content Security Policy allows no eval.
(function () {
  document.addEventListener("htmx:confirm", function (event) {
    var el = event.detail.elt;
    if (el && el.dataset && el.dataset.autosaveExcept !== undefined && el.value === el.dataset.autosaveExcept) {
      event.preventDefault();
    }
  });
})();

// «One status for several schools»: the ticked schools are sent as one field «chosen» ("1 2 3"), not one
// field per school, so that a measure of 1,500 schools stays under Django's DATA_UPLOAD_MAX_NUMBER_FIELDS.
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.matches || !form.matches("form[data-bulk-status]")) { return; }
    var boxes = form.querySelectorAll('input[type="checkbox"][name="rows"]');
    var ids = [];
    boxes.forEach(function (box) { if (box.checked) { ids.push(box.value); } box.disabled = true; });
    var packed = form.querySelector('input[name="chosen"]');
    if (!packed) {
      packed = document.createElement("input");
      packed.type = "hidden";
      packed.name = "chosen";
      form.appendChild(packed);
    }
    packed.value = ids.join(" ");
    // Back from the next page, the boxes must work again.
    window.setTimeout(function () { boxes.forEach(function (box) { box.disabled = false; }); }, 0);
  });
})();
