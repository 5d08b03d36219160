/*
 * InferCost embed helper for host pages.
 *
 *   <iframe src="https://CALCULATOR/?v=1&embed=1" title="InferCost" loading="lazy"
 *           width="100%" height="720" style="border:0"></iframe>
 *   <script src="https://CALCULATOR/embed.js" async></script>
 *
 * The calculator frame posts {type: "infercost:height", height} whenever its content
 * changes size. This script accepts such messages only from the calculator's origin (the
 * origin this script was loaded from) and only from an iframe on this page, and sets that
 * iframe's height, clamped to 240..6000 px. It sends nothing and reads nothing else.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin;
  try { origin = new URL(script.src, location.href).origin; } catch (e) { return; }
  var MIN = 240, MAX = 6000;
  window.addEventListener('message', function (event) {
    if (event.origin !== origin) return;
    var data = event.data;
    if (!data || typeof data !== 'object' || data.type !== 'infercost:height') return;
    var height = Number(data.height);
    if (!isFinite(height)) return;
    height = Math.min(MAX, Math.max(MIN, Math.ceil(height)));
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = height + 'px';
        frames[i].setAttribute('height', String(height));
      }
    }
  });
})();
