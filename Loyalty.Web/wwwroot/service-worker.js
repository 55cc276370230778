// OneCard service worker. Deliberately small: it never caches pages or Blazor's traffic (/_blazor, /_framework,
// the circuit's WebSocket), so a deployment can never leave a member on a stale app. It only answers a page
// navigation that fails for lack of network with the offline page, and keeps the icons and offline page cached.
const CACHE = 'onecard-shell-v1';
const SHELL = ['/offline.html', '/js/offline.js', '/icons/icon-192.png', '/icons/icon-512.png', '/icon.svg', '/manifest.webmanifest'];

self.addEventListener('install', event => {
  event.waitUntil(caches.open(CACHE).then(cache => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(k => k !== CACHE).map(k => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', event => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match('/offline.html')));
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(caches.match(request).then(hit => hit || fetch(request)));
  }
  // Everything else (Blazor, MudBlazor, API, files) goes to the network untouched.
});
