import { createHmac, timingSafeEqual } from 'node:crypto';

// Stripe-style signing. A receiver verifies a delivery with:
//   1. t = header Kulup-Timestamp (unix seconds); reject if |now − t| > 300 s (stops replays of old captures);
//   2. expected = hex HMAC-SHA256(secret, `${t}.${rawBody}`) over the raw request bytes, before any JSON parsing;
//   3. accept if Kulup-Signature (`v1=<hex>`, possibly several comma-separated during future secret rotation)
//      contains expected, compared in constant time;
//   4. dedupe on Kulup-Event-Id (= body.id): the same event can arrive more than once.

/** The `Kulup-Signature` header value for a body sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** True when `header` carries a v1 signature of `body` at `timestamp` by `secret`, and the timestamp is recent. */
export function verifyWebhookSignature(
  secret: string,
  header: string,
  timestamp: string,
  body: string,
  options: { now?: Date; toleranceSeconds?: number } = {},
): boolean {
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body).slice(3), 'hex');
  return header.split(',').some((part) => {
    const [scheme, value] = part.trim().split('=', 2);
    if (scheme !== 'v1' || !value || !/^[0-9a-f]{64}$/.test(value)) return false;
    return timingSafeEqual(Buffer.from(value, 'hex'), expected);
  });
}
