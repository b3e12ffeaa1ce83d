import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig, type RendererViteConfig } from 'electron-vite';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * The renderer on its own, so `renderer/electron.vite.config.ts` can build just the web UI (for the
 * server and the browser e2e tests) while main and preload are built here with it.
 */
export const rendererConfig = {
  root: 'renderer',
  define: { __CLUBOS_VERSION__: JSON.stringify(version) },
  plugins: [react()],
  build: { outDir: 'out/renderer', rollupOptions: { input: 'renderer/index.html' } },
} satisfies RendererViteConfig;

// Main and preload are the desktop shell (electron/); the renderer is a plain React + Vite app that the
// server also serves at `/`. electron-vite reads `rolldownOptions` (a `rollupOptions.input` is replaced
// by its defaults), so main and preload use that name.
export default defineConfig({
  main: {
    // ES module (package.json "type": "module") at out/main/main.js, package.json's "main". Dependencies
    // stay external, and so does keytar (an optional dependency, which electron-vite would otherwise
    // bundle): it is a native addon that electron-builder rebuilds for Electron inside node_modules.
    build: {
      outDir: 'out/main',
      externalizeDeps: { include: ['keytar'] },
      rolldownOptions: { input: { main: 'electron/main.ts' } },
    },
  },
  preload: {
    define: { __CLUBOS_VERSION__: JSON.stringify(version) },
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only 'electron' (and a few builtins): one self-contained
      // CommonJS file, out/preload/preload.cjs, which electron/app.ts passes as `preload`.
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: 'electron/preload.ts' },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
});
