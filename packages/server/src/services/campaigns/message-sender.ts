import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

/** One rendered message for a sender. */
export type OutgoingMessage = { id: string; channel: 'SMS' | 'EMAIL'; to: string; subject: string | null; text: string };

/** Where campaign messages go: an SMS/e-mail provider adapter, or the file sender by default. */
export type MessageSender = { send: (message: OutgoingMessage) => Promise<void> };

/**
 * The default sender: appends each message as one JSON line to `<dir>/campaign-messages.jsonl` (for demos and
 * tests, and as the hand-off point for a batch upload to a provider). Replace it with a provider adapter.
 */
export function createFileMessageSender(dir: string): MessageSender {
  const file = path.join(dir, 'campaign-messages.jsonl');
  let ready: Promise<unknown> | null = null;
  return {
    send: async (message) => {
      ready ??= mkdir(dir, { recursive: true });
      await ready;
      await appendFile(file, `${JSON.stringify({ ...message, at: new Date().toISOString() })}\n`, 'utf8');
    },
  };
}
