// Set-up that `npm start` / `npm test` run first, so a fresh clone needs no other step: installs the
// workspace with the pinned pnpm from the npm registry (corepack's download fails on locked-down machines)
// whenever node_modules is missing or older than the lockfile, and builds the kiosk and console apps once. The
// server's postinstall generates the Prisma client offline.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { packageManager } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const marker = path.join(root, 'node_modules', '.pnpm', 'lock.yaml');
const lock = path.join(root, 'pnpm-lock.yaml');
const generated = path.join(root, 'packages', 'server', 'src', 'generated', 'prisma', 'client.ts');

const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs || !existsSync(generated);
function run(args) {
  const result = spawnSync('npx', ['-y', packageManager, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (stale) {
  console.log(`Installing dependencies with ${packageManager} …`);
  run(['install', '--frozen-lockfile']);
}
// The server serves the kiosk PWA from kiosk/dist and the staff console from packages/console/dist; build
// each once (`pnpm build` rebuilds after changes).
for (const [name, dir] of [['kiosk', 'kiosk'], ['console', path.join('packages', 'console')]]) {
  if (!existsSync(path.join(root, dir, 'dist', 'index.html'))) {
    console.log(`Building the ${name} app …`);
    run(['--filter', `@kulup/${name}`, 'build']);
  }
}
