// Report form: a sub-question ("if yes, ...") applies only when its parent's answer is one of
// its data-shown-when codes. The server renders skipped ones disabled and checks every save;
// this only opens and closes them as the parent's answer changes, without a round trip.
(function () {
  var subs = document.querySelectorAll("fieldset[data-parent]");
  if (!subs.length) return;
  function applies(fieldset) {
    var parent = document.getElementById(fieldset.getAttribute("data-parent"));
    if (!parent) return true;
    var holder = parent.closest("fieldset");
    if (holder && holder.disabled) return false;
    var codes = fieldset.getAttribute("data-shown-when").split(" ");
    return codes.indexOf(parent.value) !== -1;
  }
  function update() {
    // parents come before their sub-questions, so one pass in document order settles chains
    subs.forEach(function (fieldset) {
      var on = applies(fieldset);
      fieldset.disabled = !on;
      fieldset.hidden = !on;
      fieldset.classList.toggle("skipped", !on);
      var note = fieldset.querySelector(".skipped-note");
      if (note) note.hidden = true;
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches("select, input")) update();
  });
  update();
})();
