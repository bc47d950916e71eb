import { useEffect, useRef, useState } from 'react';

const ACTIVITY = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'] as const;

/**
 * Inactivity for a member session: after `idleSeconds` without a touch a warning shows and counts down
 * `warningSeconds` (≥ 20 s, WCAG 2.2.1); `onExpire` runs when it reaches zero. Returns the seconds left on
 * the warning (null while not warning) and `stayActive` for the warning's continue button.
 */
export function useIdle(options: { enabled: boolean; idleSeconds: number; warningSeconds: number; onExpire: () => void }) {
  const { enabled, idleSeconds, warningSeconds } = options;
  const [left, setLeft] = useState<number | null>(null);
  const lastActivity = useRef(Date.now());
  const onExpire = useRef(options.onExpire);
  onExpire.current = options.onExpire;

  useEffect(() => {
    if (!enabled) {
      setLeft(null);
      return;
    }
    lastActivity.current = Date.now();
    const touch = () => {
      lastActivity.current = Date.now();
    };
    for (const type of ACTIVITY) window.addEventListener(type, touch, { capture: true, passive: true });
    const timer = setInterval(() => {
      const idle = (Date.now() - lastActivity.current) / 1000;
      if (idle < idleSeconds) {
        setLeft(null);
        return;
      }
      const remaining = Math.ceil(idleSeconds + warningSeconds - idle);
      if (remaining <= 0) {
        setLeft(null);
        onExpire.current();
      } else setLeft(remaining);
    }, 250);
    return () => {
      clearInterval(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, touch, { capture: true });
    };
  }, [enabled, idleSeconds, warningSeconds]);

  return {
    warningSecondsLeft: left,
    stayActive: () => {
      lastActivity.current = Date.now();
      setLeft(null);
    },
  };
}
