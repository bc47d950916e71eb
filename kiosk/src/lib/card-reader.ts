/** A card presented to the kiosk's reader, as the local POS adapter reports it. */
export type CardTap =
  | { type: 'card'; cardNumber: string }
  | { type: 'card'; nfcUid: string }
  | { type: 'card'; sun: { piccData: string; cmac: string } };
export type CardEvent = CardTap | { type: 'card-removed' };

/** Anything that reports card taps and removals; the kiosk knows nothing else about readers. */
export type CardReader = { start: (onEvent: (event: CardEvent) => void) => () => void };

function parse(data: unknown): CardEvent | undefined {
  if (typeof data !== 'string') return undefined;
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (m.type === 'card-removed') return { type: 'card-removed' };
  if (m.type !== 'card') return undefined;
  if (typeof m.cardNumber === 'string') return { type: 'card', cardNumber: m.cardNumber };
  const sun = m.sun as { piccData?: unknown; cmac?: unknown } | undefined;
  if (sun && typeof sun.piccData === 'string' && typeof sun.cmac === 'string') return { type: 'card', sun: { piccData: sun.piccData, cmac: sun.cmac } };
  if (typeof m.nfcUid === 'string') return { type: 'card', nfcUid: m.nfcUid };
  return undefined;
}

/**
 * The POS adapter's local WebSocket (`ws://127.0.0.1:<port>`): JSON messages `{ type: 'card', cardNumber |
 * nfcUid | sun }` and `{ type: 'card-removed' }`; anything else is ignored. Reconnects with backoff.
 */
export function webSocketCardReader(url: string): CardReader {
  return {
    start(onEvent) {
      let socket: WebSocket | undefined;
      let stopped = false;
      let delay = 1_000;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const connect = () => {
        socket = new WebSocket(url);
        socket.onopen = () => {
          delay = 1_000;
        };
        socket.onmessage = (e) => {
          const event = parse(e.data);
          if (event) onEvent(event);
        };
        socket.onclose = () => {
          if (stopped) return;
          timer = setTimeout(connect, delay);
          delay = Math.min(delay * 2, 30_000);
        };
      };
      connect();
      return () => {
        stopped = true;
        clearTimeout(timer);
        socket?.close();
      };
    },
  };
}
