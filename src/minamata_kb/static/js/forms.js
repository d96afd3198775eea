// Two progressive enhancements for forms; without scripts the forms work as they are.
//
// 1. A form with data-steps (the id of a JSON {step: [field names]}) and data-step-select (the
//    name of its "next step" select) shows only the fields the chosen step uses.
// 2. A multiple select with data-filter gets a search box above it that hides the options
//    not containing what is typed (selected options always stay visible).
(function () {
  function wrapperOf(form, name) {
    var input = form.querySelector('[name="' + name + '"]');
    return input ? input.closest("p, .field, fieldset") : null;
  }

  function steps(form) {
    var data = document.getElementById(form.dataset.steps);
    var select = form.querySelector('[name="' + form.dataset.stepSelect + '"]');
    if (!data || !select) return;
    var byStep = JSON.parse(data.textContent);
    var all = {};
    Object.keys(byStep).forEach(function (s) {
      byStep[s].forEach(function (f) { all[f] = true; });
    });
    function show() {
      var wanted = byStep[select.value] || [];
      Object.keys(all).forEach(function (name) {
        var wrap = wrapperOf(form, name);
        if (wrap) wrap.hidden = wanted.indexOf(name) < 0;
      });
    }
    select.addEventListener("change", show);
    show();
  }

  function filterable(select) {
    var box = document.createElement("input");
    box.type = "search";
    box.setAttribute("aria-label", document.body.dataset.filterLabel + ": " +
      (select.labels && select.labels[0] ? select.labels[0].textContent : ""));
    box.setAttribute("aria-controls", select.id);
    box.className = "list-filter";
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var q = box.value.trim().toLocaleLowerCase();
      Array.prototype.forEach.call(select.options, function (o) {
        o.hidden = q !== "" && !o.selected && o.text.toLocaleLowerCase().indexOf(q) < 0;
      });
    });
  }

  function init() {
    document.querySelectorAll("form[data-steps]").forEach(steps);
    document.querySelectorAll("select[multiple][data-filter]").forEach(filterable);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
