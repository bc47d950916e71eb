// Runs `prisma generate` offline. The Prisma CLI wants a native schema-engine binary, which cannot be
// downloaded here; generate never executes it, so any existing file satisfies the check.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
const bin = path.join(root, 'node_modules', '.bin', 'prisma');
const result = spawnSync(bin, ['generate'], { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
