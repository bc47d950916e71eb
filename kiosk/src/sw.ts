import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import type { PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';

import { OUTBOX_SYNC_TAG, drainOutbox } from './lib/outbox';

// The few service-worker types used here (the WebWorker lib cannot be mixed with DOM in one program).
type ExtendableEvent = Event & { waitUntil: (p: Promise<unknown>) => void };
type SyncEvent = ExtendableEvent & { tag: string };
declare const self: {
  __WB_MANIFEST: (string | PrecacheEntry)[];
  location: Location;
  skipWaiting: () => Promise<void>;
  addEventListener: (type: string, listener: (event: Event & { data?: unknown }) => void) => void;
};

// The app shell (HTML, JS, CSS, icon, manifest) is precached: the kiosk starts and runs with no network.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('/kiosk/index.html'), { allowlist: [/^\/kiosk\//] }));

// The attract loop keeps playing offline: the last bulletin list and the pictures it shows. Only
// non-personal content is cached here; member data (/api/v1/me…) never reaches a cache.
registerRoute(
  ({ url, request }) => url.pathname === '/api/v1/kiosk/bulletins' && request.method === 'GET',
  new NetworkFirst({ cacheName: 'kulup-bulletins', networkTimeoutSeconds: 5 }),
);
registerRoute(
  ({ url, request }) => url.pathname.startsWith('/media/') && request.destination === 'image',
  new CacheFirst({ cacheName: 'kulup-media', plugins: [new ExpirationPlugin({ maxEntries: 100, maxAgeSeconds: 30 * 86_400 })] }),
);

// A new version waits until the page says the kiosk is idle (workbox-window messageSkipWaiting).
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | undefined)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Background Sync, where the browser has it: drain the same IndexedDB outbox the page drains. Throwing
// asks the browser to retry later, which we want only while the network is still down (not on 4xx/5xx).
self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag !== OUTBOX_SYNC_TAG) return;
  sync.waitUntil(
    drainOutbox(self.location.origin).then((summary) => {
      if (summary.queued > 0) throw new Error('network still down; the browser retries this sync');
    }),
  );
});
