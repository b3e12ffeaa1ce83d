// The Electron entry: the real modules go in, everything else lives in app.ts and is tested with fakes.
import { app, BrowserWindow, ipcMain, Notification, protocol, screen, session, shell } from 'electron';
import { startDesktopApp } from './app.ts';

startDesktopApp({
  electron: { app, BrowserWindow, ipcMain, shell, session, protocol, Notification, screen },
  // Loaded on first use, so a machine without the optional native addon still starts (signed out).
  loadKeytar: () => import('keytar').then((module) => module.default),
  mainDir: import.meta.dirname,
  platform: process.platform,
  env: process.env,
});
