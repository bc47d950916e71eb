import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the Kulüp server at /console/ (packages/server/src/http/console-static.ts), same origin as the API.
// `pnpm --filter @kulup/console dev` proxies the API to a server on :3000 while developing.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  server: { proxy: { '/api': 'http://localhost:3000' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
});
