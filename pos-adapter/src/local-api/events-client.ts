import WebSocket from 'ws';

import type { LocalEvent } from '../session/session';

/** Opens the local API's event stream (for Node-based POS integrations and tests); resolves once connected. */
export async function openEventStream(apiUrl: string, onEvent: (event: LocalEvent) => void): Promise<{ close: () => void }> {
  const socket = new WebSocket(`${apiUrl.replace(/^http/, 'ws')}/v1/events`);
  socket.on('message', (data) => onEvent(JSON.parse(data.toString()) as LocalEvent));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { close: () => socket.close() };
}
