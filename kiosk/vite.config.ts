import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// Served by the Kulüp server at /kiosk/. The service worker is our own (src/sw.ts): it precaches the shell,
// keeps bulletin pictures for the attract loop and drains the offline outbox on Background Sync.
export default defineConfig({
  base: '/kiosk/',
  plugins: [
    react(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Kulüp Kiosk',
        short_name: 'Kulüp',
        lang: 'tr',
        start_url: '/kiosk/',
        scope: '/kiosk/',
        display: 'fullscreen',
        orientation: 'any',
        background_color: '#0b3d2e',
        theme_color: '#0b3d2e',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      injectManifest: { globPatterns: ['**/*.{js,css,html,svg,webmanifest}'] },
      devOptions: { enabled: false },
    }),
  ],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
});
