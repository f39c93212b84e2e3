import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const DASHBOARD_DIR = path.dirname(fileURLToPath(import.meta.url));

/**
 * `vite build --config dashboard/vite.config.ts` writes dashboard/dist, which the farm
 * server serves at /. `vite --config dashboard/vite.config.ts` serves the sources with hot
 * reload and sends the API and file downloads on to a running farm (FARM_URL, default
 * http://127.0.0.1:8000). The Host header is kept, so the absolute file URLs the server
 * builds from it point back through this proxy.
 */
const farmUrl = process.env.FARM_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  root: DASHBOARD_DIR,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(DASHBOARD_DIR, 'dist'),
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/graphql': { target: farmUrl, ws: true },
      '/files': { target: farmUrl },
    },
  },
});
