import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev -w @snowblind/dashboard` proxies the API of a `snowblind serve` on port 4000.
const api = process.env['SNOWBLIND_API'] ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react()],
  // Absolute asset URLs: the app uses path routes, so a relative `./assets/…` would resolve
  // against a deep link (`/audits/<id>/assets/…`) and leave a reloaded page blank.
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: {
    proxy: { '/graphql': api, '/images': api, '/artifacts': api },
  },
});
