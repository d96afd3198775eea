// Search page: the facets sit after the results behind a <details> toggle (closed on a phone,
// so the results come first); on a wide screen open them beside the results. Without
// JavaScript the toggle still works.
(function () {
  var refine = document.getElementById("refine");
  if (refine && window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) {
    refine.open = true;
  }
})();
