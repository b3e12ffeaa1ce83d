import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

// Main and preload are filled in by the desktop shell work; the renderer is a plain React + Vite app
// that the server also serves at `/`.
export default defineConfig({
  main: {
    build: { outDir: 'out/main', rollupOptions: { input: 'electron/main.ts' } },
  },
  preload: {
    define: { __CLUBOS_VERSION__: JSON.stringify(version) },
    build: { outDir: 'out/preload', rollupOptions: { input: 'electron/preload.ts' } },
  },
  renderer: {
    root: 'renderer',
    define: { __CLUBOS_VERSION__: JSON.stringify(version) },
    plugins: [react()],
    build: { outDir: 'out/renderer', rollupOptions: { input: 'renderer/index.html' } },
  },
});
