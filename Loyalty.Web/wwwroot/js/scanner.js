// The camera scanner of the promo page and the cashier view: the browser's BarcodeDetector where it exists (Chrome on
// Android) for the formats asked for (QR by default; the cashier also reads the card's Code 128), else jsQR (Apache-2.0,
// wwwroot/lib/jsqr) on frames drawn to a canvas, QR only. Loaded only by those pages; typing always works too.
let stream = null, timer = null, jsqrLoaded = null;

function loadJsQr() {
  if (window.jsQR) return Promise.resolve();
  jsqrLoaded ??= new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = '/lib/jsqr/jsQR.js';
    s.onload = resolve;
    s.onerror = reject;
    document.head.appendChild(s);
  });
  return jsqrLoaded;
}

export function isSupported() {
  return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
}

export async function start(video, dotnet, formats) {
  stop();
  formats = formats && formats.length ? formats : ['qr_code'];
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  } catch (e) {
    await dotnet.invokeMethodAsync('OnScanError', e && e.name === 'NotAllowedError' ? 'denied' : 'unavailable');
    return;
  }
  video.srcObject = stream;
  video.setAttribute('playsinline', '');
  await video.play();
  let detector = null;
  if ('BarcodeDetector' in window) {
    try {
      const supported = await window.BarcodeDetector.getSupportedFormats();
      const wanted = formats.filter(f => supported.includes(f));
      detector = wanted.includes('qr_code') ? new window.BarcodeDetector({ formats: wanted }) : null;
    } catch { detector = null; }
  }
  if (!detector) await loadJsQr();
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const tick = async () => {
    if (!stream) return;
    let text = null;
    try {
      if (detector) {
        const codes = await detector.detect(video);
        if (codes.length) text = codes[0].rawValue;
      } else if (video.videoWidth) {
        canvas.width = video.videoWidth; canvas.height = video.videoHeight;
        ctx.drawImage(video, 0, 0);
        const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
        const found = window.jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' });
        if (found) text = found.data;
      }
    } catch { /* a frame that cannot be read: try the next */ }
    if (text) {
      stop();
      await dotnet.invokeMethodAsync('OnScanned', text);
      return;
    }
    timer = setTimeout(tick, 200);
  };
  tick();
}

export function stop() {
  if (timer) { clearTimeout(timer); timer = null; }
  if (stream) { stream.getTracks().forEach(t => t.stop()); stream = null; }
}
