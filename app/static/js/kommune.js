/* Kommune: the <select> of 357 municipalities works without JavaScript. With it, every
   select[data-combobox] becomes a combobox (ARIA 1.2 pattern: a text input with a listbox) that
   filters as you type. Used on the registration form, the venue form and the back office's
   participant form; the hidden select stays in the form and carries the chosen kommunenummer.

   Matching ignores case and the Sami and other accents (á č đ ŋ š ŧ ž …), so "Karasjok" and
   "Kárášjohka" both find "Kárášjohka - Karasjok", but keeps æ, ø and å as the letters of their own
   that they are in Norwegian: "Ås" is not "As". The order: a name equal to what was typed, then
   names that begin with it (any of a kommune's parallel names), then the rest (a later word that
   begins with it, a part of a name, or the same letters with æ ø å written as ae o a); within each
   group the server's Norwegian alphabetical order (app/core/collation.py), as the options come.
   Enter picks the highlighted option and never submits the form. */
(function () {
  "use strict";

  var OWN = { "æ": "æ", "ä": "æ", "ø": "ø", "ö": "ø", "å": "å" };
  var BASE = { "đ": "d", "ŋ": "n", "ŧ": "t", "ß": "ss" };
  var PLAIN = { "æ": "ae", "ø": "o", "å": "a" };

  function fold(text) {
    var out = "";
    Array.prototype.forEach.call(text.normalize("NFC").toLowerCase(), function (ch) {
      out += OWN[ch] || BASE[ch] || ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    });
    return out.replace(/\s+/g, " ").trim();
  }

  function plain(folded) {
    return folded.replace(/[æøå]/g, function (ch) { return PLAIN[ch]; });
  }

  function enhance(select) {
    var options = Array.prototype.filter.call(select.options, function (o) { return o.value; })
      .map(function (o) {
        var names = o.text.split(" - ").map(fold);
        var key = fold(o.text) + " " + o.value;
        return { value: o.value, label: o.text, key: key, plain: plain(key), names: names };
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

    function rank(o, q) {
      if (o.names.indexOf(q) !== -1) { return 0; }
      if (o.names.some(function (n) { return n.indexOf(q) === 0; })) { return 1; }
      if (o.key.indexOf(q) !== -1 || o.plain.indexOf(plain(q)) !== -1) { return 2; }
      return -1;
    }

    function matches(query) {
      var q = fold(query);
      if (!q) { return options.slice(); }
      var groups = [[], [], []];
      options.forEach(function (o) {
        var r = rank(o, q);
        if (r >= 0) { groups[r].push(o); }
      });
      return groups[0].concat(groups[1], groups[2]);
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
      var exact = shown.filter(function (o) { return rank(o, q) === 0; });
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
        e.preventDefault();  // Enter in the field chooses; the form is sent with its button
        if (!list.hidden && (active >= 0 || shown.length === 1)) {
          choose(shown[active >= 0 ? active : 0]);
        } else if (select.value) {
          choose(options.filter(function (o) { return o.value === select.value; })[0]);
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
