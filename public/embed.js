/*
 * InferCost embed helper for host pages.
 *
 *   <iframe src="https://CALCULATOR/?v=1&embed=1" title="InferCost" loading="lazy"
 *           width="100%" height="720" style="border:0"></iframe>
 *   <script src="https://CALCULATOR/embed.js" async></script>
 *
 * The calculator frame posts {type: "infercost:height", height} whenever its content
 * changes size. This script accepts such messages only from an iframe on this page whose
 * messages come from the calculator's origin (the origin this script was loaded from; for a
 * sandboxed frame without allow-same-origin, "null" from a frame whose src is on that
 * origin), and sets that iframe's height, clamped to 240..6000 px. It sends nothing.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin;
  try { origin = new URL(script.src, location.href).origin; } catch (e) { return; }
  var MIN = 240, MAX = 6000;
  function frameOrigin(frame) {
    try { return new URL(frame.src, location.href).origin; } catch (e) { return ''; }
  }
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || typeof data !== 'object' || data.type !== 'infercost:height') return;
    var height = Number(data.height);
    if (!isFinite(height)) return;
    height = Math.min(MAX, Math.max(MIN, Math.ceil(height)));
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow !== event.source) continue;
      // The message must come from the calculator's origin. A sandboxed frame without
      // allow-same-origin has the opaque origin "null": accept that only from a frame that
      // is sandboxed and whose src is on the calculator's origin.
      var trusted = event.origin === origin ||
        (event.origin === 'null' && frame.hasAttribute('sandbox') && frameOrigin(frame) === origin);
      if (!trusted) return;
      frame.style.height = height + 'px';
      frame.setAttribute('height', String(height));
    }
  });
})();
