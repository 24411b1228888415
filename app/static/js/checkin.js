/* Samling – the door staff's scanner page (/checkin/<slug>).

   A scan (camera, hand-held scanner typing the code + Enter, or the name search) is sent to
   POST /api/v1/events/<slug>/checkins with a fresh nonce. Without network (or when the server
   does not answer in time) the scan is judged from the downloaded roster (digests of the badge
   codes, names, organisations, status), kept in IndexedDB as "pending", and sent later with its
   original time; the nonce makes a resend safe. The server's answer is the final word: a badge
   scanned at two doors while offline comes back as "already_checked_in" for the second one. */
(function () {
  "use strict";

  var root = document.getElementById("scanner");
  if (!root) return;
  var cfg = root.dataset;
  var T = document.getElementById("texts").dataset;
  var store = window.SamlingCheckinStore;
  var ALPHABET = "ACDEFGHJKMNPQRTWXY34679";
  var CODE_LENGTH = 22;
  var POST_TIMEOUT = 4000;
  var lang = document.documentElement.lang || "nb";

  function $(id) { return document.getElementById(id); }

  var state = {
    byHash: new Map(),
    byId: new Map(),
    door: null,
    local: new Set(), // "<registration id>:<door>" checked in from this device
    recent: [],
    counts: { checkedIn: null, expected: null },
    syncing: false,
    audio: null,
    hideTimer: null,
    current: null,
  };

  function Offline() { this.name = "Offline"; }
  function ApiError(status, message) { this.name = "ApiError"; this.status = status; this.message = message; }

  // --- helpers --------------------------------------------------------------------------------

  function camel(prefix, result) {
    return prefix + String(result).split("_").map(function (p) {
      return p.charAt(0).toUpperCase() + p.slice(1);
    }).join("");
  }

  function fmt(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (_, k) { return values[k] == null ? "" : values[k]; });
  }

  function timeOf(iso) {
    if (!iso) return "";
    return new Date(iso).toLocaleTimeString(lang === "en" ? "en-GB" : "nb-NO",
      { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Oslo" });
  }

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

  function setNet(mode) {
    var el = $("net-status");
    var offline = mode === "offline" || (!mode && !navigator.onLine);
    el.textContent = mode === "syncing" ? T.syncing : offline ? T.offline : T.online;
    el.classList.toggle("is-offline", offline);
  }

  // --- roster and counters ------------------------------------------------------------------------

  function loadRoster() {
    if (!navigator.onLine) return Promise.resolve();
    return request("GET", cfg.rosterUrl, undefined, 15000).then(function (data) {
      var byHash = new Map(), byId = new Map();
      data.registrations.forEach(function (r) {
        r.search = fold(r.name + " " + r.organisation);
        byHash.set(r.h, r);
        byId.set(r.id, r);
      });
      state.byHash = byHash;
      state.byId = byId;
    }).catch(function () { /* keep the roster we have */ });
  }

  function renderCounts() {
    $("count-in").textContent = state.counts.checkedIn === null ? "–" : state.counts.checkedIn;
    $("count-expected").textContent = state.counts.expected === null ? "–" : state.counts.expected;
  }

  function refreshCounts() {
    if (!navigator.onLine) return Promise.resolve();
    var url = cfg.countsUrl + (state.door === null ? "" : "?session_id=" + state.door);
    var door = state.door;
    return request("GET", url, undefined, 8000).then(function (data) {
      if (door !== state.door) return;
      state.counts = { checkedIn: data.checked_in, expected: data.expected };
      renderCounts();
    }).catch(function () { /* offline: the local counter goes on */ });
  }

  function bumpCount(delta) {
    if (state.counts.checkedIn === null) return;
    state.counts.checkedIn = Math.max(0, state.counts.checkedIn + delta);
    renderCounts();
  }

  // --- judging a scan -----------------------------------------------------------------------------

  function findEntry(body) {
    if (body.registration_id) return Promise.resolve(state.byId.get(body.registration_id) || null);
    var code = codeFrom(body.code);
    if (!code) return Promise.resolve(null);
    return store.sha256(code).then(function (hash) { return state.byHash.get(hash) || null; });
  }

  function markChecked(entry, door, on) {
    if (!entry) return;
    var key = doorKey(entry.id, door);
    if (on) state.local.add(key); else state.local.delete(key);
    if (door === null) entry.entrance = on;
    else if (on && entry.checked_sessions.indexOf(door) < 0) entry.checked_sessions.push(door);
    else if (!on) entry.checked_sessions = entry.checked_sessions.filter(function (s) { return s !== door; });
  }

  /* What the roster says, for when the server cannot be reached. */
  function judgeLocally(body, entry) {
    if (!entry) return { result: "unknown", registration: null };
    var reg = { name: entry.name, organisation: entry.organisation, checked_in_at: null, checked_in_by: null,
      signed_up: null };
    if (entry.status === "cancelled" || entry.status === "waitlisted") return { result: entry.status, registration: reg };
    var door = body.session_id;
    if (door !== null) reg.signed_up = !doorIsSignup(door) || entry.sessions.indexOf(door) >= 0;
    var seen = door === null ? entry.entrance : entry.checked_sessions.indexOf(door) >= 0;
    if (seen || state.local.has(doorKey(entry.id, door))) return { result: "already_checked_in", registration: reg };
    reg.checked_in_at = body.scanned_at;
    return { result: "ok", registration: reg };
  }

  // --- showing the answer -------------------------------------------------------------------------

  function beep(tone) {
    if (!$("sound").checked) return;
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    var ctx = state.audio || (state.audio = new Ctx());
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

  function announce(text) {
    var el = $("announce");
    el.textContent = "";
    setTimeout(function () { el.textContent = text; }, 50);
  }

  function detailOf(answer) {
    var reg = answer.registration;
    if (answer.result !== "already_checked_in" || !reg) return "";
    if (!reg.checked_in_at) return T.detailEarlier;
    return reg.checked_in_by ? fmt(T.detailBy, { time: timeOf(reg.checked_in_at), by: reg.checked_in_by })
      : fmt(T.detail, { time: timeOf(reg.checked_in_at) });
  }

  function show(answer, item) {
    var result = answer.result;
    var tone = T[camel("tone", result)] || "bad";
    var reg = answer.registration;
    var box = $("result");
    box.className = "scan-result tone-" + tone;
    $("result-title").textContent = T[camel("title", result)] || T.error;
    $("result-name").textContent = reg ? reg.name : "";
    $("result-org").textContent = reg ? reg.organisation : "";
    var flagged = !!reg && reg.signed_up === false;
    $("result-flag").hidden = !flagged;
    $("result-flag").textContent = flagged ? T.notSignedUp : "";
    $("result-detail").textContent = detailOf(answer);
    $("result-action").textContent = T[camel("action", result)] || "";
    $("result-pending").hidden = !item.pending;
    $("result-undo").hidden = result !== "ok";
    state.current = item;
    box.hidden = false;
    clearTimeout(state.hideTimer);
    if (result === "ok" && !flagged) state.hideTimer = setTimeout(hide, 5000);
    beep(flagged ? "warn" : tone);
    announce([$("result-title").textContent, reg ? reg.name : "", flagged ? T.notSignedUp : "",
      $("result-detail").textContent, $("result-action").textContent].filter(Boolean).join(". "));
  }

  function hide() {
    clearTimeout(state.hideTimer);
    $("result").hidden = true;
    state.current = null;
  }

  function renderRecent() {
    var list = $("recent");
    list.textContent = "";
    $("recent-empty").hidden = state.recent.length > 0;
    state.recent.slice(0, 10).forEach(function (item) {
      var li = document.createElement("li");
      var tone = item.undone ? "muted" : item.duplicate ? "warn" : (T[camel("tone", item.result)] || "bad");
      li.className = "person tone-" + tone;
      var name = document.createElement("span");
      name.className = "person-name";
      name.textContent = item.label;
      var meta = document.createElement("span");
      meta.className = "person-meta";
      var status = item.undone ? T.undone : item.duplicate ? T.duplicate : (T[camel("title", item.result)] || item.result);
      meta.textContent = [timeOf(item.scannedAt), status, item.pending ? T.pending : ""].filter(Boolean).join(" · ");
      li.appendChild(name);
      li.appendChild(meta);
      if (item.result === "ok" && !item.undone) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button button-small";
        button.textContent = T.undo + " ";
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = item.label;
        button.appendChild(hidden);
        button.addEventListener("click", function () { undo(item); });
        li.appendChild(button);
      }
      list.appendChild(li);
    });
  }

  function renderPending() {
    return store.all(cfg.event).then(function (items) {
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
    });
  }

  // --- scanning -----------------------------------------------------------------------------------

  function remember(item) {
    state.recent.unshift(item);
    state.recent = state.recent.slice(0, 50);
    renderRecent();
  }

  function scan(input) {
    var now = new Date().toISOString();
    var nonce = newNonce();
    var body = { nonce: nonce, session_id: state.door, scanned_at: now };
    if (input.registrationId) body.registration_id = input.registrationId;
    else body.code = input.text;
    var door = state.door;
    return findEntry(body).then(function (entry) {
      var item = { nonce: nonce, label: entry ? entry.name : String(input.text || "").trim(), scannedAt: now,
        door: door, entryId: entry ? entry.id : null, pending: false };
      var goOffline = function () {
        var local = judgeLocally(body, entry);
        item.result = local.result;
        item.pending = true;
        if (local.result === "ok") {
          markChecked(entry, door, true);
          bumpCount(1);
        }
        show(local, item);
        remember(item);
        setNet("offline");
        return store.put({ id: nonce, kind: "scan", event: cfg.event, body: body, created: now, label: item.label })
          .then(renderPending);
      };
      if (!navigator.onLine) return goOffline();
      return request("POST", cfg.scanUrl, body).then(function (answer) {
        item.result = answer.result;
        if (answer.registration) item.label = answer.registration.name;
        if (answer.result === "ok") {
          markChecked(entry, door, true);
          bumpCount(1);
        }
        show(answer, item);
        remember(item);
      }, function (err) {
        if (err instanceof Offline) return goOffline();
        item.result = "error";
        show({ result: "error", registration: null }, item);
        $("result-action").textContent = err.message;
        announce(err.message);
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
      if (state.current === item) hide();
      announce(fmt(T.undoneAnnounce, { name: item.label }));
      $("code").focus();
    };
    if (item.pending) {
      return store.remove(item.nonce).then(function () { item.pending = false; done(); return renderPending(); });
    }
    var queueIt = function () {
      return store.put({ id: "undo-" + item.nonce, kind: "undo", event: cfg.event, body: { nonce: item.nonce },
        created: new Date().toISOString(), label: item.label }).then(function () { done(); return renderPending(); });
    };
    if (!navigator.onLine) return queueIt();
    return request("POST", cfg.undoUrl, { nonce: item.nonce }).then(done, function (err) {
      if (err instanceof Offline) return queueIt();
      announce(err.message);
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
    if (answer.error) {
      item.result = "error";
      return;
    }
    if (answer.registration) item.label = answer.registration.name;
    if (item.result === "ok" && answer.result === "already_checked_in") {
      item.duplicate = true; // scanned at two doors while offline: counted once
      bumpCount(-1);
    }
    item.result = answer.result;
  }

  function sync() {
    if (state.syncing || !navigator.onLine) return Promise.resolve();
    state.syncing = true;
    return store.all(cfg.event).then(function (items) {
      if (!items.length) return;
      setNet("syncing");
      var chain = Promise.resolve(true);
      items.forEach(function (stored) {
        chain = chain.then(function (goOn) {
          if (!goOn) return false;
          var url = stored.kind === "undo" ? cfg.undoUrl : cfg.scanUrl;
          return request("POST", url, stored.body, 10000).then(function (answer) {
            return store.remove(stored.id).then(function () { applySynced(stored, answer); return true; });
          }, function (err) {
            if (err instanceof Offline) return false;
            return store.remove(stored.id).then(function () { applySynced(stored, { error: err.message }); return true; });
          });
        });
      });
      return chain.then(function () {
        renderRecent();
        return Promise.all([refreshCounts(), loadRoster()]);
      });
    }).catch(function () { /* try again on the next round */ }).then(function () {
      state.syncing = false;
      setNet();
      return renderPending();
    });
  }

  // --- name search --------------------------------------------------------------------------------

  function search() {
    var query = fold($("search").value).trim();
    var list = $("search-results");
    list.textContent = "";
    if (query.length < 2) { $("search-status").textContent = ""; return; }
    var words = query.split(/\s+/);
    var hits = [];
    state.byId.forEach(function (entry) {
      if (words.every(function (w) { return entry.search.indexOf(w) >= 0; })) hits.push(entry);
    });
    hits.sort(function (a, b) { return a.name.localeCompare(b.name, "nb"); });
    $("search-status").textContent = hits.length ? fmt(T.matches, { n: hits.length }) : T.noMatch;
    hits.slice(0, 8).forEach(function (entry) {
      var li = document.createElement("li");
      li.className = "person";
      var name = document.createElement("span");
      name.className = "person-name";
      name.textContent = entry.name;
      var meta = document.createElement("span");
      meta.className = "person-meta";
      var door = state.door;
      var seen = door === null ? entry.entrance : entry.checked_sessions.indexOf(door) >= 0;
      var status = entry.status === "cancelled" ? T.statusCancelled : entry.status === "waitlisted" ? T.statusWaitlisted
        : (seen || state.local.has(doorKey(entry.id, door))) ? T.statusIn : "";
      meta.textContent = [entry.organisation, status].filter(Boolean).join(" · ");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-small";
      button.textContent = T.checkIn + " ";
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = entry.name;
      button.appendChild(hidden);
      button.addEventListener("click", function () {
        scan({ registrationId: entry.id }).then(function () {
          $("search").value = "";
          search();
          $("code").focus();
        });
      });
      li.appendChild(name);
      li.appendChild(meta);
      li.appendChild(button);
      list.appendChild(li);
    });
  }

  // --- camera -------------------------------------------------------------------------------------

  var camera = { stream: null, detector: null, last: "", lastAt: 0, running: false };

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  function makeDetector() {
    var native = window.BarcodeDetector;
    var check = native && native.getSupportedFormats ? native.getSupportedFormats() : Promise.resolve([]);
    return check.then(function (formats) {
      if (native && formats.indexOf("qr_code") >= 0) return new native({ formats: ["qr_code"] });
      return loadScript(cfg.polyfillUrl).then(function () {
        var api = window.BarcodeDetectionAPI;
        api.prepareZXingModule({
          overrides: {
            locateFile: function (path, prefix) { return /\.wasm$/.test(path) ? cfg.wasmUrl : prefix + path; },
          },
          fireImmediately: true,
        });
        return new api.BarcodeDetector({ formats: ["qr_code"] });
      });
    });
  }

  function tick() {
    if (!camera.running) return;
    var video = $("camera-video");
    var next = function () { setTimeout(tick, 200); };
    if (video.readyState < 2) { next(); return; }
    camera.detector.detect(video).then(function (codes) {
      if (codes.length) {
        var text = codes[0].rawValue;
        var now = Date.now();
        if (text !== camera.last || now - camera.lastAt > 4000) {
          camera.last = text;
          camera.lastAt = now;
          return scan({ text: text });
        }
      }
    }).catch(function () { /* a frame that could not be read */ }).then(next);
  }

  function startCamera() {
    var status = $("camera-status");
    var button = $("camera-toggle");
    status.textContent = T.cameraStarting;
    return makeDetector().then(function (detector) {
      camera.detector = detector;
      return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    }).then(function (stream) {
      camera.stream = stream;
      var video = $("camera-video");
      video.srcObject = stream;
      video.hidden = false;
      return video.play();
    }).then(function () {
      camera.running = true;
      button.textContent = button.dataset.stop;
      status.textContent = T.cameraOn;
      tick();
    }).catch(function () {
      stopCamera();
      status.textContent = T.cameraFailed;
    });
  }

  function stopCamera() {
    camera.running = false;
    if (camera.stream) camera.stream.getTracks().forEach(function (t) { t.stop(); });
    camera.stream = null;
    var video = $("camera-video");
    video.srcObject = null;
    video.hidden = true;
    $("camera-toggle").textContent = $("camera-toggle").dataset.start;
    $("camera-status").textContent = "";
  }

  // --- wiring -------------------------------------------------------------------------------------

  $("code-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var input = $("code");
    var text = input.value;
    input.value = "";
    input.focus();
    if (text.trim()) scan({ text: text });
  });
  $("door").addEventListener("change", function () {
    state.door = this.value ? Number(this.value) : null;
    state.counts = { checkedIn: null, expected: null };
    renderCounts();
    refreshCounts();
    search();
  });
  $("search").addEventListener("input", search);
  $("result-close").addEventListener("click", function () { hide(); $("code").focus(); });
  $("result-undo").addEventListener("click", function (ev) {
    ev.stopPropagation();
    if (state.current) undo(state.current);
  });
  $("result").addEventListener("click", function (ev) {
    if (ev.target.closest("button")) return;
    hide();
    $("code").focus();
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && !$("result").hidden) hide(); });
  $("camera-toggle").addEventListener("click", function () { if (camera.running) stopCamera(); else startCamera(); });
  $("sound").checked = window.localStorage && localStorage.getItem("samling-checkin-sound") === "1";
  $("sound").addEventListener("change", function () {
    try { localStorage.setItem("samling-checkin-sound", this.checked ? "1" : "0"); } catch (e) { /* private mode */ }
    if (this.checked) beep("ok");
  });
  window.addEventListener("online", function () { setNet(); sync(); });
  window.addEventListener("offline", function () { setNet("offline"); });

  setNet();
  renderRecent();
  Promise.all([loadRoster(), refreshCounts(), renderPending()]).then(sync).then(function () {
    root.dataset.ready = "1";
  });
  setInterval(sync, 10000);
  setInterval(function () { if (!state.syncing) refreshCounts(); }, 15000);
  setInterval(loadRoster, 60000);
  $("code").focus();
})();
