/* Kommune: the <select> of 357 municipalities works without JavaScript. With it, the select
   becomes a combobox (ARIA 1.2 pattern: a text input with a listbox) that filters as you type,
   ignoring accents and case, so "Karasjok" and "Kárášjohka" both find "Kárášjohka - Karasjok".
   The hidden select stays in the form and carries the chosen kommunenummer. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function enhance(select) {
    var options = Array.prototype.filter.call(select.options, function (o) { return o.value; })
      .map(function (o) {
        var words = fold(o.text).split(/[\s\-–()]+/).filter(Boolean);
        var names = o.text.split(" - ").map(fold);
        return { value: o.value, label: o.text, key: fold(o.text) + " " + o.value, words: words, names: names };
      });
    var baseId = select.id;
    var hint = select.getAttribute("aria-describedby");
    var label = document.querySelector('label[for="' + baseId + '"]');

    var wrapper = document.createElement("div");
    wrapper.className = "combobox";
    var input = document.createElement("input");
    var list = document.createElement("ul");
    var status = document.createElement("div");

    // The input takes over the select's id, so the label, the error summary's link and the hint point at it.
    select.id = baseId + "-select";
    input.id = baseId;
    input.type = "text";
    input.className = "combobox-input";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", baseId + "-listbox");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "false");
    if (hint) { input.setAttribute("aria-describedby", hint); }
    if (select.getAttribute("aria-invalid")) { input.setAttribute("aria-invalid", select.getAttribute("aria-invalid")); }

    list.id = baseId + "-listbox";
    list.className = "combobox-list";
    list.setAttribute("role", "listbox");
    if (label) {
      label.id = label.id || baseId + "-label";
      list.setAttribute("aria-labelledby", label.id);
    }
    list.hidden = true;

    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    select.hidden = true;
    select.tabIndex = -1;
    select.parentNode.insertBefore(wrapper, select);
    wrapper.appendChild(input);
    wrapper.appendChild(list);
    wrapper.appendChild(status);
    wrapper.appendChild(select);

    var current = select.selectedIndex > 0 ? select.options[select.selectedIndex] : null;
    input.value = current ? current.text : "";

    var shown = [];
    var active = -1;

    function matches(query) {
      var q = fold(query);
      if (!q) { return options.slice(); }
      var starts = [], inside = [];
      options.forEach(function (o) {
        if (o.words.some(function (w) { return w.indexOf(q) === 0; }) || o.key.indexOf(q) === 0) {
          starts.push(o);
        } else if (o.key.indexOf(q) !== -1) {
          inside.push(o);
        }
      });
      return starts.concat(inside);
    }

    function announce(n) {
      var text = n === 0 ? select.dataset.labelNone : n === 1 ? select.dataset.labelOne
        : (select.dataset.labelCount || "{n}").replace("{n}", String(n));
      status.textContent = text || "";
    }

    function render() {
      list.textContent = "";
      shown.forEach(function (o, i) {
        var li = document.createElement("li");
        li.id = baseId + "-option-" + o.value;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", i === active ? "true" : "false");
        li.dataset.index = String(i);
        li.textContent = o.label;
        list.appendChild(li);
      });
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", baseId + "-option-" + shown[active].value);
        var el = list.children[active];
        if (el && el.scrollIntoView) { el.scrollIntoView({ block: "nearest" }); }
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      list.hidden = shown.length === 0;
      input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
    }

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function choose(o) {
      select.value = o.value;
      input.value = o.label;
      close();
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function filter() {
      shown = matches(input.value);
      active = -1;
      var q = fold(input.value);
      var exact = shown.filter(function (o) { return fold(o.label) === q || o.names.indexOf(q) !== -1; });
      select.value = exact.length === 1 ? exact[0].value : "";
      render();
      open();
      announce(shown.length);
    }

    input.addEventListener("input", filter);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (list.hidden) { shown = matches(input.value); open(); }
        if (!shown.length) { return; }
        active = e.key === "ArrowDown" ? Math.min(active + 1, shown.length - 1) : Math.max(active - 1, 0);
        render();
      } else if (e.key === "Enter") {
        if (!list.hidden && (active >= 0 || shown.length === 1)) {
          e.preventDefault();
          choose(shown[active >= 0 ? active : 0]);
        }
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); close(); }
      }
    });
    input.addEventListener("blur", function () {
      // A single remaining match is taken; anything else leaves the choice to the server's check.
      if (select.value) {
        input.value = select.options[select.selectedIndex].text;
      } else if (shown.length === 1 && input.value) {
        choose(shown[0]);
      }
      close();
    });
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });  // keep focus in the input
    list.addEventListener("click", function (e) {
      var li = e.target.closest("li[role=option]");
      if (li) { choose(shown[Number(li.dataset.index)]); }
    });
  }

  document.querySelectorAll("select[data-combobox]").forEach(enhance);
})();
