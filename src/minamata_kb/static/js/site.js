// Tables wider than the screen scroll sideways in their .table-wrap: make such a wrapper
// reachable by keyboard (Tab, then the arrow keys) and name it after its table's caption.
(function () {
  function mark() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.tabIndex = 0;
        var caption = wrap.querySelector("caption");
        if (caption && caption.textContent.trim()) {
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-label", caption.textContent.trim());
        }
      } else if (wrap.getAttribute("tabindex") === "0") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
  window.addEventListener("resize", mark);
})();
