import { DB_NAME } from './store';
import { SETTINGS_KEY } from './settings';

export const CATEGORIES_KEY = 'kulup.kiosk.categories';
/** The only localStorage keys that outlive a session: device settings and the (non-personal) complaint topics. */
const KEPT_LOCAL_KEYS = new Set([SETTINGS_KEY, CATEGORIES_KEY]);
/** Service-worker caches that hold only the app and the public attract loop. */
const KEPT_CACHE = /^(workbox-precache|kulup-bulletins|kulup-media)/;

/**
 * Removes everything a member session could have left in the browser's storage: session storage, any
 * localStorage key but the device settings, any IndexedDB database or store but the credential and the
 * outbox, and any cache but the app shell and the bulletins. Member data is kept in memory only, so this is
 * the belt to that pair of braces.
 */
export async function wipeMemberStorage(): Promise<void> {
  try {
    sessionStorage.clear();
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const key = localStorage.key(i);
      if (key && !KEPT_LOCAL_KEYS.has(key)) localStorage.removeItem(key);
    }
  } catch {
    // storage disabled: nothing stored either
  }
  try {
    const databases = (await indexedDB.databases?.()) ?? [];
    await Promise.all(
      databases
        .filter((d) => d.name && d.name !== DB_NAME)
        .map((d) => new Promise<void>((resolve) => {
          const request = indexedDB.deleteDatabase(d.name!);
          request.onsuccess = request.onerror = request.onblocked = () => resolve();
        })),
    );
  } catch {
    // indexedDB.databases() missing: only our own database exists
  }
  if (typeof caches !== 'undefined') {
    for (const name of await caches.keys()) if (!KEPT_CACHE.test(name)) await caches.delete(name);
  }
}
