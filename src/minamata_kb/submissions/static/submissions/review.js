// The review screen's keyboard and selection helpers. Everything also works without this
// file: the boxes post with the bulk form, "Correct" is a link to a page of its own.
(function () {
  "use strict";
  var table, rows, bulk, count, selectAll, current = -1;

  function isTyping(el) {
    if (!el || !el.tagName) return false;
    if (el.isContentEditable) return true;
    var tag = el.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select") return true;
    if (tag !== "input") return false;
    var type = (el.getAttribute("type") || "text").toLowerCase();
    return type !== "checkbox" && type !== "radio" && type !== "button" && type !== "submit";
  }

  function keyOf(e) {
    if (e.key === "?" || (e.code === "Slash" && e.shiftKey)) return "?";
    if (e.key === "Escape") return "esc";
    var k = (e.key || "").toLowerCase();
    if (/^[a-z]$/.test(k)) return k;
    // another keyboard layout (Arabic, Russian...): the key's place tells which letter
    var m = /^Key([A-Z])$/.exec(e.code || "");
    return m ? m[1].toLowerCase() : "";
  }

  function box(row) { return row.querySelector("td.sel input[type=checkbox]"); }

  function refresh() {
    var n = 0;
    rows.forEach(function (row) {
      var on = box(row).checked;
      row.classList.toggle("selected", on);
      if (on) n++;
    });
    count.textContent = n ? table.dataset.some.replace("%(n)s", n) : table.dataset.none;
    if (selectAll) {
      selectAll.checked = n > 0 && n === rows.length;
      selectAll.indeterminate = n > 0 && n < rows.length;
    }
  }

  function setCurrent(i, focus) {
    if (!rows.length) return;
    i = Math.max(0, Math.min(rows.length - 1, i));
    if (current >= 0 && rows[current]) rows[current].classList.remove("current");
    current = i;
    rows[i].classList.add("current");
    if (focus !== false) {
      box(rows[i]).focus();
      rows[i].scrollIntoView({ block: "nearest" });
    }
  }

  function decide(decision) {
    var any = rows.some(function (row) { return box(row).checked; });
    if (!any) {
      if (current < 0) return;
      box(rows[current]).checked = true;
      refresh();
    }
    var button = document.getElementById(decision === "confirm" ? "confirm-selected" : "reject-selected");
    if (bulk.requestSubmit) bulk.requestSubmit(button); else button.click();
  }

  function closeEdit(focusRow) {
    var open = table.querySelector("tr.edit-row");
    if (!open) return;
    var row = open.previousElementSibling;
    open.remove();
    if (focusRow && row) box(row).focus();
  }

  function openEdit(row) {
    var link = row.querySelector("a.edit-link");
    if (!link) return;
    closeEdit(false);
    var url = link.href + (link.href.indexOf("?") < 0 ? "?" : "&") + "partial=1";
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        var tr = document.createElement("tr");
        tr.className = "edit-row";
        var td = document.createElement("td");
        td.colSpan = row.children.length;
        td.innerHTML = html;
        tr.appendChild(td);
        row.after(tr);
        var cancel = td.querySelector(".cancel-edit");
        if (cancel) cancel.addEventListener("click", function (e) { e.preventDefault(); closeEdit(true); });
        td.addEventListener("keydown", function (e) {
          if (e.key === "Escape") { e.preventDefault(); closeEdit(true); }
        });
        var first = td.querySelector("select, input:not([type=hidden])");
        if (first) first.focus();
      })
      .catch(function () { window.location.href = link.href; });
  }

  function help() {
    var dialog = document.getElementById("shortcut-help");
    if (!dialog || !dialog.showModal) { document.getElementById("shortcuts").open = true; return; }
    var here = dialog.querySelector(".keys-here");
    if (!here.firstChild) {
      var list = document.querySelector("#shortcuts dl.keys");
      var note = document.querySelector("#shortcuts p");
      here.appendChild(list.cloneNode(true));
      if (note) here.appendChild(note.cloneNode(true));
    }
    var back = document.activeElement;
    dialog.showModal();
    dialog.querySelector(".close-help").focus();
    dialog.addEventListener("close", function () { if (back && back.focus) back.focus(); }, { once: true });
  }

  function start() {
    table = document.getElementById("review-table");
    bulk = document.getElementById("bulk");
    count = document.getElementById("selected-count");
    if (!table || !bulk) return;
    rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-id]"));
    selectAll = document.getElementById("select-all");
    if (selectAll && rows.length) {
      selectAll.hidden = false;
      selectAll.addEventListener("change", function () {
        rows.forEach(function (row) { box(row).checked = selectAll.checked; });
        refresh();
      });
    }
    rows.forEach(function (row, i) {
      box(row).addEventListener("change", refresh);
      row.addEventListener("focusin", function () { setCurrent(i, false); });
      var link = row.querySelector("a.edit-link");
      if (link) link.addEventListener("click", function (e) { e.preventDefault(); setCurrent(i, false); openEdit(row); });
    });
    var helpButton = document.getElementById("shortcut-button");
    helpButton.hidden = false;
    helpButton.addEventListener("click", help);
    var dialog = document.getElementById("shortcut-help");
    dialog.querySelector(".close-help").addEventListener("click", function () { dialog.close(); });
    refresh();

    document.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (isTyping(e.target)) return;
      if (dialog.open) return;
      if (e.target.closest && e.target.closest(".review-edit")) return;
      var k = keyOf(e);
      if (k === "?") { e.preventDefault(); help(); return; }
      if (!rows.length) return;
      if (k === "j") { e.preventDefault(); setCurrent(current + 1); }
      else if (k === "k") { e.preventDefault(); setCurrent(current < 0 ? 0 : current - 1); }
      else if (k === "x" && current >= 0) {
        e.preventDefault();
        var b = box(rows[current]);
        b.checked = !b.checked;
        refresh();
        b.focus();
      }
      else if (k === "c") { e.preventDefault(); decide("confirm"); }
      else if (k === "r") { e.preventDefault(); decide("reject"); }
      else if (k === "e" && current >= 0) { e.preventDefault(); openEdit(rows[current]); }
      else if (k === "esc") { closeEdit(true); }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
