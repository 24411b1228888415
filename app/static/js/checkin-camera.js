/* Samling – the scanner page's camera: the browser's BarcodeDetector where it reads QR codes, else
   the vendored barcode-detector ponyfill with its ZXing WebAssembly served by us (never a CDN).
   Exposes window.SamlingCheckinCamera(options) → {start(), stop(), running()}. */
(function () {
  "use strict";

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  function makeDetector(polyfillUrl, wasmUrl) {
    var Native = window.BarcodeDetector;
    var check = Native && Native.getSupportedFormats ? Native.getSupportedFormats() : Promise.resolve([]);
    return check.then(function (formats) {
      if (Native && formats.indexOf("qr_code") >= 0) return new Native({ formats: ["qr_code"] });
      return loadScript(polyfillUrl).then(function () {
        var api = window.BarcodeDetectionAPI;
        api.prepareZXingModule({
          overrides: {
            locateFile: function (path, prefix) { return /\.wasm$/.test(path) ? wasmUrl : prefix + path; },
          },
          fireImmediately: true,
        });
        return new api.BarcodeDetector({ formats: ["qr_code"] });
      });
    });
  }

  /* options: {video, polyfillUrl, wasmUrl, onCode(text)}. The same code is reported again only after 4 s. */
  window.SamlingCheckinCamera = function (options) {
    var video = options.video;
    var state = { stream: null, detector: null, last: "", lastAt: 0, running: false };

    function tick() {
      if (!state.running) return;
      var next = function () { setTimeout(tick, 200); };
      if (video.readyState < 2) { next(); return; }
      state.detector.detect(video).then(function (codes) {
        if (!codes.length) return;
        var text = codes[0].rawValue;
        var now = Date.now();
        if (text !== state.last || now - state.lastAt > 4000) {
          state.last = text;
          state.lastAt = now;
          return options.onCode(text);
        }
      }).catch(function () { /* a frame that could not be read */ }).then(next);
    }

    function stop() {
      state.running = false;
      if (state.stream) state.stream.getTracks().forEach(function (t) { t.stop(); });
      state.stream = null;
      video.srcObject = null;
      video.hidden = true;
    }

    function start() {
      return makeDetector(options.polyfillUrl, options.wasmUrl).then(function (detector) {
        state.detector = detector;
        return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      }).then(function (stream) {
        state.stream = stream;
        video.srcObject = stream;
        video.hidden = false;
        return video.play();
      }).then(function () {
        state.running = true;
        tick();
      }, function (err) {
        stop();
        throw err;
      });
    }

    return { start: start, stop: stop, running: function () { return state.running; } };
  };
})();
