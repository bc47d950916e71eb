import type { DemoCredentials } from './seed-demo';

const RULE = '─'.repeat(78);

const groupDigits = (n: string) => n.replace(/(\d{4})(?=\d)/g, '$1 ');
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const table = (rows: string[][]) => {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((row) => `   ${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd());
};

/** The first-start banner: staff logins, terminal enrolment codes and sample cards, which are never shown again. */
export function formatCredentials(creds: DemoCredentials): string {
  const stores = new Set(creds.terminals.map((t) => t.store)).size;
  const expiry = creds.terminals.map((t) => t.expiresAt).sort()[0];
  const lines: string[] = [
    RULE,
    ` Kulüp demo data created: ${stores} stores, ${creds.terminals.length} terminals, ${creds.staff.length} staff users, ${thousands(creds.members)} members.`,
    ' The passwords and enrolment codes below are shown ONCE: only their hashes are stored. Save them now.',
    '',
  ];
  if (creds.staff.length > 0) {
    lines.push(' Console logins (change the passwords after the first login)');
    lines.push(...table(creds.staff.map((s) => [s.role, s.email, s.password])));
    lines.push('');
  }
  if (creds.terminals.length > 0) {
    lines.push(` Terminal enrolment codes (one-time${expiry ? `, valid until ${expiry.slice(0, 16).replace('T', ' ')} UTC` : ''})`);
    lines.push(...table(creds.terminals.map((t) => [t.store, t.name, t.kind, t.enrolmentCode])));
    lines.push('   An expired or lost code can be reissued for the terminal from the console.');
    lines.push('');
  }
  if (creds.sampleCards.length > 0) {
    lines.push(' Sample member cards (type the number at a POS or kiosk, or tap the NFC UID with the virtual card)');
    lines.push(
      ...table(
        creds.sampleCards.map((c) => [
          c.firstName,
          c.tierCode,
          `${thousands(c.pointsBalance)} pts`,
          groupDigits(c.cardNumber),
          c.nfcUid ? `${c.kind} ${c.nfcUid}` : c.kind,
        ]),
      ),
    );
    lines.push('');
  }
  if (creds.kioskPin) {
    lines.push(` Kiosk: open /kiosk/ on this server, enrol it with a KIOSK code above; demo members' PIN is ${creds.kioskPin}.`);
    lines.push('');
  }
  lines.push(' Set KULUP_SEED_DEMO=never to start with an empty database instead.');
  lines.push(RULE);
  return lines.join('\n');
}
