import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the dashboard runs on Vite and talks to the API on :4000.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true } },
  },
  build: { outDir: 'dist', emptyOutDir: true },
});
