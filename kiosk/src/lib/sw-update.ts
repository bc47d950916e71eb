import { Workbox } from 'workbox-window';

import { OUTBOX_SYNC_TAG } from './outbox';

let workbox: Workbox | undefined;
let waiting = false;
let applying = false;

/**
 * Registers the service worker. A new version is only announced (`onWaiting`); it is applied by
 * `applyUpdateIfWaiting`, which the app calls at an idle reset, never during a member session.
 */
export function registerServiceWorker(onWaiting: () => void): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  workbox = new Workbox('/kiosk/sw.js', { scope: '/kiosk/' });
  workbox.addEventListener('waiting', () => {
    waiting = true;
    onWaiting();
  });
  // The browser's own event: a new worker took over after we asked it to (workbox's `controlling` proved
  // unreliable for an update found by a later check).
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (applying) location.reload();
  });
  void workbox.register();
}

/** Tells a waiting service worker to take over (the page reloads into the new version). True if one was waiting. */
export function applyUpdateIfWaiting(): boolean {
  if (!workbox || !waiting) return false;
  applying = true;
  // Asked of the registration as it is now, not as workbox last saw it.
  void navigator.serviceWorker.getRegistration('/kiosk/').then((registration) => registration?.waiting?.postMessage({ type: 'SKIP_WAITING' }));
  return true;
}

/** Asks for a Background Sync of the outbox, where the browser supports it (Chromium); a no-op elsewhere. */
export async function requestBackgroundSync(): Promise<void> {
  try {
    const registration = (await navigator.serviceWorker?.getRegistration('/kiosk/')) as (ServiceWorkerRegistration & { sync?: { register: (tag: string) => Promise<void> } }) | undefined;
    await registration?.sync?.register(OUTBOX_SYNC_TAG);
  } catch {
    // No Background Sync: the page drains on start, on `online` and on a timer anyway.
  }
}
