/* Character counter for textareas with data-maxlength (progressive enhancement).
 * Shows how many characters are left (or too many) under the field at once, and tells screen
 * readers politely (aria-live) once typing pauses. The server enforces the same limit, counting
 * characters (code points) with line breaks as one, as done here. */
(function () {
  "use strict";

  function count(text) {
    return Array.from(text.replace(/\r\n?/g, "\n")).length;
  }

  function message(field, n) {
    var left = Number(field.dataset.maxlength) - n;
    var key = (left >= 0 ? "left" : "over") + (Math.abs(left) === 1 ? "One" : "Other");
    var template = field.dataset[key] || "%(num)s";
    return { text: template.replace("%(num)s", String(Math.abs(left))), over: left < 0 };
  }

  function enhance(field) {
    var visible = document.createElement("p");
    visible.className = "charcount";
    visible.id = field.id + "-count";
    visible.setAttribute("aria-hidden", "true");
    var spoken = document.createElement("p");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    spoken.id = field.id + "-count-status";
    field.insertAdjacentElement("afterend", spoken);
    field.insertAdjacentElement("afterend", visible);

    var timer = null;
    function update(announce) {
      var result = message(field, count(field.value));
      visible.textContent = result.text;
      visible.classList.toggle("charcount-over", result.over);
      if (announce) {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { spoken.textContent = result.text; }, 800);
      }
    }
    field.addEventListener("input", function () { update(true); });
    update(false);
  }

  function init() {
    var fields = document.querySelectorAll("textarea[data-maxlength]");
    for (var i = 0; i < fields.length; i += 1) {
      if (fields[i].id) { enhance(fields[i]); }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
