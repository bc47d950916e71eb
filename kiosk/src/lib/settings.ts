/** Per-device kiosk settings, given once in the start URL (`/kiosk/?idle=45&adapter=ws://127.0.0.1:8765`) and kept. */
export type KioskSettings = {
  /** Seconds without a touch before the "still there?" warning. */
  idleSeconds: number;
  /** Seconds the warning gives to continue; never below 20 (WCAG 2.2.1). */
  warningSeconds: number;
  /** The local POS adapter's WebSocket for card taps; null = keypad only. */
  adapterUrl: string | null;
};

export const SETTINGS_KEY = 'kulup.kiosk.settings';
const DEFAULTS: KioskSettings = { idleSeconds: 30, warningSeconds: 20, adapterUrl: null };

const clampInt = (value: unknown, min: number, max: number, fallback: number) => {
  const n = Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
};

/** Reads the settings, letting the URL override what was stored, and stores the result. */
export function loadSettings(search = location.search): KioskSettings {
  let stored: Partial<KioskSettings> = {};
  try {
    stored = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}') as Partial<KioskSettings>;
  } catch {
    stored = {};
  }
  const params = new URLSearchParams(search);
  const adapter = params.get('adapter') ?? stored.adapterUrl ?? DEFAULTS.adapterUrl;
  const settings: KioskSettings = {
    idleSeconds: clampInt(params.get('idle') ?? stored.idleSeconds, 10, 600, DEFAULTS.idleSeconds),
    warningSeconds: clampInt(params.get('warn') ?? stored.warningSeconds, 20, 120, DEFAULTS.warningSeconds),
    adapterUrl: adapter && /^wss?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/.*)?$/.test(adapter) ? adapter : null,
  };
  localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
  return settings;
}
