/* Samling – what the scanner page shows: the full-screen answer (green / orange / red, in words too),
   the screen-reader announcement, the optional sound, the lists and the counters. The words come
   from data attributes of #texts (translated on the server). Exposes window.SamlingCheckinView(T). */
(function () {
  "use strict";

  function $(id) { return document.getElementById(id); }

  window.SamlingCheckinView = function (T) {
    var lang = document.documentElement.lang || "nb";
    var view = { current: null, hideTimer: null, audio: null };

    function camel(prefix, result) {
      return prefix + String(result).split("_").map(function (p) {
        return p.charAt(0).toUpperCase() + p.slice(1);
      }).join("");
    }

    function text(prefix, result) { return T[camel(prefix, result)]; }

    function fmt(template, values) {
      return String(template).replace(/\{(\w+)\}/g, function (_, k) { return values[k] == null ? "" : values[k]; });
    }

    function timeOf(iso) {
      if (!iso) return "";
      return new Date(iso).toLocaleTimeString(lang === "en" ? "en-GB" : "nb-NO",
        { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Oslo" });
    }

    function beep(tone) {
      if (!$("sound").checked) return;
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      var ctx = view.audio || (view.audio = new Ctx());
      var notes = tone === "ok" ? [[880, 0, 0.12]] : tone === "warn" ? [[660, 0, 0.12], [660, 0.2, 0.12]] : [[220, 0, 0.5]];
      notes.forEach(function (n) {
        var osc = ctx.createOscillator();
        var gain = ctx.createGain();
        osc.frequency.value = n[0];
        gain.gain.value = 0.25;
        osc.connect(gain);
        gain.connect(ctx.destination);
        osc.start(ctx.currentTime + n[1]);
        osc.stop(ctx.currentTime + n[1] + n[2]);
      });
    }

    function announce(message) {
      var el = $("announce");
      el.textContent = "";
      setTimeout(function () { el.textContent = message; }, 50);
    }

    function detailOf(answer) {
      var reg = answer.registration;
      if (answer.result !== "already_checked_in" || !reg) return "";
      if (!reg.checked_in_at) return T.detailEarlier;
      return reg.checked_in_by ? fmt(T.detailBy, { time: timeOf(reg.checked_in_at), by: reg.checked_in_by })
        : fmt(T.detail, { time: timeOf(reg.checked_in_at) });
    }

    function hide() {
      clearTimeout(view.hideTimer);
      $("result").hidden = true;
      view.current = null;
    }

    /* The answer fills the screen; `item` is the scan it belongs to (for undo and the pending note). */
    function show(answer, item, errorMessage) {
      var result = answer.result;
      var tone = text("tone", result) || "bad";
      var reg = answer.registration;
      var flagged = !!reg && reg.signed_up === false;
      $("result").className = "scan-result tone-" + tone;
      $("result-title").textContent = text("title", result) || T.error;
      $("result-name").textContent = reg ? reg.name : "";
      $("result-org").textContent = reg ? reg.organisation : "";
      $("result-flag").hidden = !flagged;
      $("result-flag").textContent = flagged ? T.notSignedUp : "";
      $("result-detail").textContent = detailOf(answer);
      $("result-action").textContent = errorMessage || text("action", result) || "";
      $("result-pending").hidden = !item.pending;
      $("result-undo").hidden = result !== "ok";
      view.current = item;
      $("result").hidden = false;
      clearTimeout(view.hideTimer);
      if (result === "ok" && !flagged) view.hideTimer = setTimeout(hide, 5000);
      beep(flagged ? "warn" : tone);
      announce([$("result-title").textContent, reg ? reg.name : "", flagged ? T.notSignedUp : "",
        $("result-detail").textContent, $("result-action").textContent].filter(Boolean).join(". "));
    }

    function button(label, hiddenLabel, onClick) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button button-small";
      b.textContent = label + " ";
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = hiddenLabel;
      b.appendChild(hidden);
      b.addEventListener("click", onClick);
      return b;
    }

    function person(name, meta, tone) {
      var li = document.createElement("li");
      li.className = "person" + (tone ? " tone-" + tone : "");
      var n = document.createElement("span");
      n.className = "person-name";
      n.textContent = name;
      var m = document.createElement("span");
      m.className = "person-meta";
      m.textContent = meta;
      li.appendChild(n);
      li.appendChild(m);
      return li;
    }

    function renderRecent(recent, onUndo) {
      var list = $("recent");
      list.textContent = "";
      $("recent-empty").hidden = recent.length > 0;
      recent.slice(0, 10).forEach(function (item) {
        var tone = item.undone ? "muted" : item.duplicate ? "warn" : (text("tone", item.result) || "bad");
        var status = item.undone ? T.undone : item.duplicate ? T.duplicate : (text("title", item.result) || T.error);
        var li = person(item.label, [timeOf(item.scannedAt), status, item.pending ? T.pending : ""]
          .filter(Boolean).join(" · "), tone);
        if (item.result === "ok" && !item.undone) li.appendChild(button(T.undo, item.label, function () { onUndo(item); }));
        list.appendChild(li);
      });
    }

    function renderPending(items) {
      var list = $("pending");
      list.textContent = "";
      $("pending-count").textContent = items.length;
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "person tone-pending";
        li.textContent = [timeOf(item.created), item.label, item.kind === "undo" ? T.undo : "", T.pending]
          .filter(Boolean).join(" · ");
        list.appendChild(li);
      });
    }

    function checkedText(info) {
      if (!info.at) return T.detailEarlier;
      return info.by ? fmt(T.detailBy, { time: timeOf(info.at), by: info.by }) : fmt(T.detail, { time: timeOf(info.at) });
    }

    /* The name search's hits: who is checked in here shows when and by whom, with «Angre»; the others
       «Sjekk inn». `actions`: {checkIn(entry), undo(entry), describe(entry) → {note} | {checked, undoable}}.
       The list is scrolled into view (on a phone it would fall below the fold, under the keyboard). */
    function renderSearch(hits, actions) {
      var list = $("search-results");
      list.textContent = "";
      (hits || []).slice(0, 8).forEach(function (entry) {
        var d = actions.describe(entry);
        var li = person(entry.name, [entry.organisation, d.checked ? checkedText(d.checked) : d.note]
          .filter(Boolean).join(" · "), d.checked ? "ok" : "");
        if (!d.checked) li.appendChild(button(T.checkIn, entry.name, function () { actions.checkIn(entry); }));
        else if (d.undoable) li.appendChild(button(T.undo, entry.name, function () { actions.undo(entry); }));
        list.appendChild(li);
      });
      if (!list.firstElementChild) return;
      var box = $("search").getBoundingClientRect();
      var last = list.lastElementChild.getBoundingClientRect();
      if (box.top < 0 || last.bottom > window.innerHeight) {
        $("search").scrollIntoView({ block: "start" });
      }
    }

    function renderCounts(counts) {
      $("count-in").textContent = counts.checkedIn === null ? "–" : counts.checkedIn;
      $("count-expected").textContent = counts.expected === null ? "–" : counts.expected;
    }

    function setNet(mode) {
      var el = $("net-status");
      var offline = mode === "offline" || (!mode && !navigator.onLine);
      el.textContent = mode === "syncing" ? T.syncing : offline ? T.offline : T.online;
      el.classList.toggle("is-offline", offline);
    }

    return {
      fmt: fmt, show: show, hide: hide, announce: announce, beep: beep, renderRecent: renderRecent,
      renderPending: renderPending, renderSearch: renderSearch, renderCounts: renderCounts, setNet: setNet,
      current: function () { return view.current; },
    };
  };
})();
