// The group form's «Legg til kollega» without a round trip: a copy of the last colleague's row, emptied,
// with the next row number in its names and ids. Without JavaScript the button submits the form and the
// server answers with one more row (app/registration/group_routes.py), so this only saves the reload.
(function () {
  "use strict";
  var rows = document.querySelector("[data-colleague-rows]");
  var button = document.querySelector("[data-add-row]");
  if (!rows || !button) { return; }
  var MAX = 30;

  function renumber(node, index) {
    var pattern = /colleagues-\d+-/g;
    var next = "colleagues-" + index + "-";
    ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
      node.querySelectorAll("[" + attr + "]").forEach(function (el) {
        el.setAttribute(attr, el.getAttribute(attr).replace(pattern, next));
      });
    });
  }

  function empty(node) {
    node.querySelectorAll(".error-message").forEach(function (el) { el.remove(); });
    node.querySelectorAll(".field-error").forEach(function (el) { el.classList.remove("field-error"); });
    node.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    node.querySelectorAll("input").forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = el.type === "radio" && el.value === "";
      } else {
        el.value = "";
      }
    });
    node.querySelectorAll("details").forEach(function (el) { el.open = false; });
  }

  button.addEventListener("click", function (event) {
    var all = rows.querySelectorAll(".colleague-row");
    if (all.length >= MAX) { return; }  // the server says why
    event.preventDefault();
    var last = all[all.length - 1];
    var copy = last.cloneNode(true);
    var index = all.length;
    renumber(copy, index);
    empty(copy);
    copy.id = "colleague-" + (index + 1);
    copy.setAttribute("data-row", String(index));
    var legend = copy.querySelector("legend");
    legend.textContent = rows.getAttribute("data-legend").replace("{n}", String(index + 1));
    rows.appendChild(copy);
    var first = copy.querySelector("input[type=text], input:not([type])");
    if (first) { first.focus(); }
  });
}());
