// The web console: a static single-page app the gateway serves at the base URL (apps/console/dist).
// `npm run build:console` type-checks and builds it; `npx vite apps/console` serves it for
// development with /api proxied to a running `npm start`.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    // No inline scripts or module-preload polyfill: the gateway's CSP allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
