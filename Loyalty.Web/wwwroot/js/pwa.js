// Installs the service worker (PWA): offline page for navigations only; Blazor's own traffic is never touched.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => navigator.serviceWorker.register('/service-worker.js', { scope: '/' }).catch(() => { }));
}
