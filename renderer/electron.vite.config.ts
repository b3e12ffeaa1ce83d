import { defineConfig } from 'electron-vite';
import { rendererConfig } from '../electron.vite.config.ts';

// Builds only the web UI into out/renderer (`npm run build:renderer`): what the server serves at `/`
// and the browser e2e tests drive, without waiting on the Electron main and preload bundles.
export default defineConfig({ renderer: rendererConfig });
