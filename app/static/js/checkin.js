/* Samling – the door staff's scanner page (/checkin/<slug>).

   A scan (camera, hand-held scanner typing the code + Enter, or the name search) is sent to
   POST /api/v1/events/<slug>/checkins with a fresh nonce. Without network (or when the server
   does not answer in time) the scan is judged from the downloaded roster (digests of the badge
   codes, names, organisations, status), kept in IndexedDB as "pending", and sent later with its
   original time; the nonce makes a resend safe. The server's answer is the final word: a badge
   scanned at two doors while offline comes back as "already_checked_in" for the second one.
   Uses checkin-store.js (queue, SHA-256), checkin-view.js (what is shown), checkin-camera.js. */
(function () {
  "use strict";

  var root = document.getElementById("scanner");
  if (!root) return;
  var cfg = root.dataset;
  var T = document.getElementById("texts").dataset;
  var store = window.SamlingCheckinStore;
  var view = window.SamlingCheckinView(T);
  var ALPHABET = "ACDEFGHJKMNPQRTWXY34679";
  var CODE_LENGTH = 22;
  var TAIL_LENGTH = 8; // the roster's "tail": the badge code's last symbols (app/checkin/roster.py CODE_TAIL)
  var POST_TIMEOUT = 4000;

  function $(id) { return document.getElementById(id); }

  var state = {
    byHash: new Map(),
    byId: new Map(),
    door: null,
    local: new Set(), // "<registration id>:<door>" checked in from this device
    recent: [],
    counts: { checkedIn: null, expected: null },
    syncing: false,
  };

  function Offline() { this.name = "Offline"; }
  function ApiError(status, message) { this.name = "ApiError"; this.status = status; this.message = message; }

  function newNonce() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  /* The badge code in what was scanned: "<any host>/b/<code>" or the code, any case, with or without dashes. */
  function codeFrom(text) {
    var t = String(text || "").trim();
    var at = t.lastIndexOf("/b/");
    if (at >= 0) t = t.slice(at + 3).split("?")[0].split("#")[0].replace(/\/+$/, "");
    var code = t.toUpperCase().replace(/[ -]/g, "");
    if (code.length !== CODE_LENGTH) return null;
    for (var i = 0; i < code.length; i++) if (ALPHABET.indexOf(code[i]) < 0) return null;
    return code;
  }

  function fold(text) {
    return String(text || "").toLowerCase().replace(/đ/g, "d").replace(/ŋ/g, "n").replace(/ŧ/g, "t")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function doorKey(id, door) { return id + ":" + (door === null ? "" : door); }

  function doorIsSignup(door) {
    if (door === null) return false;
    var option = $("door").querySelector('option[value="' + door + '"]');
    return !!option && option.dataset.signup === "1";
  }

  // --- network ------------------------------------------------------------------------------------

  function request(method, url, body, timeout) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, timeout || POST_TIMEOUT);
    var options = {
      method: method, credentials: "same-origin", signal: controller.signal,
      headers: { "Accept": "application/json" },
    };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRFToken"] = cfg.csrf;
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      clearTimeout(timer);
      if (response.status >= 500) throw new Offline();
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) throw new ApiError(response.status, data.message || T.error);
        return data;
      });
    }, function () {
      clearTimeout(timer);
      throw new Offline();
    });
  }

  // --- roster and counters ------------------------------------------------------------------------

  function loadRoster() {
    if (!navigator.onLine) return Promise.resolve();
    return request("GET", cfg.rosterUrl, undefined, 15000).then(function (data) {
      var byHash = new Map(), byId = new Map();
      data.registrations.forEach(function (r) {
        r.search = fold(r.name + " " + r.organisation);
        r.byDoor = {};
        (r.checkins || []).forEach(function (c) { r.byDoor[c.session_id === null ? "" : c.session_id] = c; });
        byHash.set(r.h, r);
        byId.set(r.id, r);
      });
      state.byHash = byHash;
      state.byId = byId;
    }).catch(function () { /* keep the roster we have */ });
  }

  function refreshCounts() {
    if (!navigator.onLine) return Promise.resolve();
    var door = state.door;
    var url = cfg.countsUrl + (door === null ? "" : "?session_id=" + door);
    return request("GET", url, undefined, 8000).then(function (data) {
      if (door !== state.door) return;
      state.counts = { checkedIn: data.checked_in, expected: data.expected };
      view.renderCounts(state.counts);
    }).catch(function () { /* offline: the local counter goes on */ });
  }

  function bumpCount(delta) {
    if (state.counts.checkedIn === null) return;
    state.counts.checkedIn = Math.max(0, state.counts.checkedIn + delta);
    view.renderCounts(state.counts);
  }

  // --- judging a scan from the roster -------------------------------------------------------------

  function findEntry(body) {
    if (body.registration_id) return Promise.resolve(state.byId.get(body.registration_id) || null);
    var code = codeFrom(body.code);
    if (!code) return Promise.resolve(null);
    return store.sha256(code).then(function (hash) { return state.byHash.get(hash) || null; });
  }

  function isCheckedIn(entry, door) {
    var seen = door === null ? entry.entrance : entry.checked_sessions.indexOf(door) >= 0;
    return seen || state.local.has(doorKey(entry.id, door));
  }

  /* `info`: {at, by, nonce} of the check-in made (shown in the name search, and what «Angre» takes back). */
  function markChecked(entry, door, on, info) {
    if (!entry) return;
    var key = doorKey(entry.id, door);
    if (on) state.local.add(key); else state.local.delete(key);
    if (entry.byDoor) {
      if (on) entry.byDoor[door === null ? "" : door] = info || { at: null, by: null, nonce: null };
      else delete entry.byDoor[door === null ? "" : door];
    }
    if (door === null) entry.entrance = on;
    else if (on && entry.checked_sessions.indexOf(door) < 0) entry.checked_sessions.push(door);
    else if (!on) entry.checked_sessions = entry.checked_sessions.filter(function (s) { return s !== door; });
  }

  function judgeLocally(body, entry) {
    if (!entry) return { result: "unknown", registration: null };
    var reg = { name: entry.name, organisation: entry.organisation, checked_in_at: null, checked_in_by: null,
      signed_up: null };
    if (entry.status === "cancelled" || entry.status === "waitlisted") return { result: entry.status, registration: reg };
    var door = body.session_id;
    if (door !== null) reg.signed_up = !doorIsSignup(door) || entry.sessions.indexOf(door) >= 0;
    if (isCheckedIn(entry, door)) return { result: "already_checked_in", registration: reg };
    reg.checked_in_at = body.scanned_at;
    return { result: "ok", registration: reg };
  }

  // --- scanning and undoing -----------------------------------------------------------------------

  function renderPending() { return store.all(cfg.event).then(view.renderPending); }
  function renderRecent() { view.renderRecent(state.recent, undo); }

  function remember(item) {
    state.recent.unshift(item);
    state.recent = state.recent.slice(0, 50);
    renderRecent();
  }

  function scan(input) {
    var now = new Date().toISOString();
    var nonce = newNonce();
    var door = state.door;
    var body = { nonce: nonce, session_id: door, scanned_at: now };
    if (input.registrationId) body.registration_id = input.registrationId;
    else body.code = input.text;
    return findEntry(body).then(function (entry) {
      var item = { nonce: nonce, label: entry ? entry.name : String(input.text || "").trim(), scannedAt: now,
        door: door, entryId: entry ? entry.id : null, pending: false };
      var keep = function () {
        var local = judgeLocally(body, entry);
        item.result = local.result;
        item.pending = true;
        if (local.result === "ok") { markChecked(entry, door, true, { at: now, by: null, nonce: nonce }); bumpCount(1); }
        view.show(local, item);
        remember(item);
        view.setNet("offline");
        return store.put({ id: nonce, kind: "scan", event: cfg.event, body: body, created: now, label: item.label })
          .then(renderPending);
      };
      if (!navigator.onLine) return keep();
      return request("POST", cfg.scanUrl, body).then(function (answer) {
        item.result = answer.result;
        if (answer.registration) item.label = answer.registration.name;
        if (answer.result === "ok") {
          markChecked(entry, door, true, { at: answer.registration.checked_in_at, by: null, nonce: nonce });
          bumpCount(1);
        }
        view.show(answer, item);
        remember(item);
      }, function (err) {
        if (err instanceof Offline) return keep();
        item.result = "error";
        view.show({ result: "error", registration: null }, item, err.message);
      });
    });
  }

  function undo(item) {
    var entry = item.entryId ? state.byId.get(item.entryId) : null;
    var done = function () {
      item.undone = true;
      markChecked(entry, item.door, false);
      bumpCount(-1);
      renderRecent();
      if (view.current() === item) view.hide();
      search();
      view.announce(view.fmt(T.undoneAnnounce, { name: item.label }));
      $("code").focus();
    };
    if (item.pending) {
      return store.remove(item.nonce).then(function () { item.pending = false; done(); return renderPending(); });
    }
    var keep = function () {
      return store.put({ id: "undo-" + item.nonce, kind: "undo", event: cfg.event, body: { nonce: item.nonce },
        created: new Date().toISOString(), label: item.label }).then(function () { done(); return renderPending(); });
    };
    if (!navigator.onLine) return keep();
    return request("POST", cfg.undoUrl, { nonce: item.nonce }).then(done, function (err) {
      if (err instanceof Offline) return keep();
      view.announce(err.message);
    });
  }

  // --- sending what was kept offline --------------------------------------------------------------

  function applySynced(stored, answer) {
    if (stored.kind !== "scan") return;
    var item = state.recent.find(function (r) { return r.nonce === stored.id; });
    if (!item) {
      item = { nonce: stored.id, label: stored.label, scannedAt: stored.created, door: stored.body.session_id,
        entryId: null, result: answer.result };
      state.recent.push(item);
    }
    item.pending = false;
    if (answer.error) { item.result = "error"; return; }
    if (answer.registration) item.label = answer.registration.name;
    if (item.result === "ok" && answer.result === "already_checked_in") {
      item.duplicate = true; // scanned at two doors while offline: counted once
      bumpCount(-1);
    }
    item.result = answer.result;
  }

  function sendOne(stored) {
    var url = stored.kind === "undo" ? cfg.undoUrl : cfg.scanUrl;
    return request("POST", url, stored.body, 10000).then(function (answer) {
      return store.remove(stored.id).then(function () { applySynced(stored, answer); return true; });
    }, function (err) {
      if (err instanceof Offline) return false; // try again later, in the same order
      return store.remove(stored.id).then(function () { applySynced(stored, { error: err.message }); return true; });
    });
  }

  function sync() {
    if (state.syncing || !navigator.onLine) return Promise.resolve();
    state.syncing = true;
    return store.all(cfg.event).then(function (items) {
      if (!items.length) return;
      view.setNet("syncing");
      var chain = Promise.resolve(true);
      items.forEach(function (stored) {
        chain = chain.then(function (goOn) { return goOn ? sendOne(stored) : false; });
      });
      return chain.then(function () {
        renderRecent();
        return Promise.all([refreshCounts(), loadRoster()]);
      });
    }).catch(function () { /* try again on the next round */ }).then(function () {
      state.syncing = false;
      view.setNet();
      return renderPending();
    });
  }

  // --- name search --------------------------------------------------------------------------------

  /* What was typed, as the end of a badge code: 6–8 symbols of the code's alphabet (dashes and spaces left out). */
  function codeTail(text) {
    var t = String(text || "").toUpperCase().replace(/[\s-]/g, "");
    if (t.length < 6 || t.length > TAIL_LENGTH) return null;
    for (var i = 0; i < t.length; i++) if (ALPHABET.indexOf(t[i]) < 0) return null;
    return t;
  }

  /* This door's check-in of `entry`: {at, by, nonce}, or null. */
  function checkinAt(entry, door) {
    if (!isCheckedIn(entry, door)) return null;
    return (entry.byDoor && entry.byDoor[door === null ? "" : door]) || { at: null, by: null, nonce: null };
  }

  /* «Angre» from the name search: the scan made on this device, else the one the roster names. */
  function undoEntry(entry) {
    var door = state.door;
    var item = state.recent.find(function (r) {
      return r.entryId === entry.id && r.door === door && r.result === "ok" && !r.undone;
    });
    var info = checkinAt(entry, door);
    if (!item && info && info.nonce) {
      item = { nonce: info.nonce, label: entry.name, scannedAt: info.at, door: door, entryId: entry.id,
        result: "ok", pending: false };
    }
    if (item) undo(item);
  }

  /* The roster's people whose name or organisation has every typed word, or whose badge code ends in it. */
  function matches(typed) {
    var query = fold(typed).trim();
    var tail = codeTail(typed);
    if (query.length < 2) return null;
    var words = query.split(/\s+/);
    var hits = [];
    state.byId.forEach(function (entry) {
      var byName = words.every(function (w) { return entry.search.indexOf(w) >= 0; });
      var byCode = tail !== null && !!entry.tail && entry.tail.slice(-tail.length) === tail;
      if (byName || byCode) hits.push(entry);
    });
    return hits.sort(function (a, b) { return a.name.localeCompare(b.name, "nb"); });
  }

  function search() {
    var hits = matches($("search").value);
    if (hits === null) {
      view.renderSearch([]);
      $("search-status").textContent = "";
      return;
    }
    $("search-status").textContent = hits.length ? view.fmt(T.matches, { n: hits.length }) : T.noMatch;
    view.renderSearch(hits, {
      checkIn: function (entry) {
        scan({ registrationId: entry.id }).then(function () {
          $("search").value = "";
          search();
          $("code").focus();
        });
      },
      undo: undoEntry,
      describe: function (entry) {
        if (entry.status === "cancelled") return { note: T.statusCancelled };
        if (entry.status === "waitlisted") return { note: T.statusWaitlisted };
        var info = checkinAt(entry, state.door);
        if (!info) return { note: "" };
        var undoable = !!info.nonce || state.recent.some(function (r) {
          return r.entryId === entry.id && r.door === state.door && r.result === "ok" && !r.undone;
        });
        return { checked: info, undoable: undoable };
      },
    });
  }

  // --- wiring -------------------------------------------------------------------------------------

  var camera = window.SamlingCheckinCamera({
    video: $("camera-video"), polyfillUrl: cfg.polyfillUrl, wasmUrl: cfg.wasmUrl,
    onCode: function (text) { return scan({ text: text }); },
  });

  $("camera-toggle").addEventListener("click", function () {
    var button = this;
    if (camera.running()) {
      camera.stop();
      button.textContent = button.dataset.start;
      $("camera-status").textContent = "";
      return;
    }
    $("camera-status").textContent = T.cameraStarting;
    camera.start().then(function () {
      button.textContent = button.dataset.stop;
      $("camera-status").textContent = T.cameraOn;
    }, function () {
      $("camera-status").textContent = T.cameraFailed;
    });
  });
  $("code-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var input = $("code");
    var text = input.value;
    input.value = "";
    if (!text.trim()) { input.focus(); return; }
    var found = codeFrom(text) ? null : matches(text);
    if (found && found.length) {
      // Not a whole code but the end of one (6–8 symbols) or a name: show them in the name search.
      $("search").value = text.trim();
      search();
      $("search").focus();
      return;
    }
    input.focus();
    scan({ text: text }); // a badge, or what the server calls an unknown code
  });
  $("door").addEventListener("change", function () {
    state.door = this.value ? Number(this.value) : null;
    state.counts = { checkedIn: null, expected: null };
    view.renderCounts(state.counts);
    refreshCounts();
    search();
  });
  $("search").addEventListener("input", search);
  $("result-close").addEventListener("click", function () { view.hide(); $("code").focus(); });
  $("result-undo").addEventListener("click", function (ev) {
    ev.stopPropagation();
    if (view.current()) undo(view.current());
  });
  $("result").addEventListener("click", function (ev) {
    if (ev.target.closest("button")) return;
    view.hide();
    $("code").focus();
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && !$("result").hidden) view.hide(); });
  try { $("sound").checked = localStorage.getItem("samling-checkin-sound") === "1"; } catch (e) { /* private mode */ }
  $("sound").addEventListener("change", function () {
    try { localStorage.setItem("samling-checkin-sound", this.checked ? "1" : "0"); } catch (e) { /* private mode */ }
    if (this.checked) view.beep("ok");
  });
  window.addEventListener("online", function () { view.setNet(); sync(); });
  window.addEventListener("offline", function () { view.setNet("offline"); });

  view.setNet();
  renderRecent();
  Promise.all([loadRoster(), refreshCounts(), renderPending()]).then(sync).then(function () {
    root.dataset.ready = "1";
  });
  setInterval(sync, 10000);
  setInterval(function () { if (!state.syncing) refreshCounts(); }, 15000);
  setInterval(loadRoster, 60000);
  $("code").focus();
})();
