import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { APP_HOST, APP_SCHEME } from './appOrigin.ts';
import type { ProtocolPort } from './ports.ts';

/** Must run before the app is ready: privileges cannot be granted to a scheme afterwards. */
export function registerAppScheme(protocol: ProtocolPort): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export type AppProtocolOptions = {
  /** The built renderer (`out/renderer`). */
  rootDir: string;
  /** Called per response, so a changed server URL reaches the CSP on the next load. */
  contentSecurityPolicy: () => string;
  readFile?: (path: string) => Promise<Uint8Array>;
};

/**
 * Maps a URL path to a file inside `rootDir`, or null when it would leave it. The URL parser already
 * removes `..` segments; this also catches encoded separators (`..%2f`, `..%5c`) and NUL bytes.
 */
export function resolveInside(rootDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..')) return null;
  const root = resolve(rootDir);
  const file = resolve(root, ...(segments.length > 0 ? segments : ['index.html']));
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null;
  return file;
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/** Serves the bundled renderer for `app://clubos/…`, with the CSP on every response. */
export function createAppProtocolHandler(
  options: AppProtocolOptions,
): (request: Request) => Promise<Response> {
  const read = options.readFile ?? readFile;

  const respond = (status: number, body: Uint8Array | string | null, contentType: string): Response =>
    new Response(body as BodyInit | null, {
      status,
      headers: {
        'content-type': contentType,
        'content-security-policy': options.contentSecurityPolicy(),
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      },
    });
  const text = (status: number, message: string) => respond(status, message, 'text/plain; charset=utf-8');

  return async (request) => {
    const url = new URL(request.url);
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return text(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Method not allowed');

    const file = resolveInside(options.rootDir, url.pathname);
    if (!file) return text(403, 'Forbidden');

    const serve = async (path: string) => {
      const body = await read(path);
      return respond(200, request.method === 'HEAD' ? null : body, contentTypeFor(path));
    };
    try {
      return await serve(file);
    } catch (error) {
      if (!isNotFound(error)) {
        console.error(`app:// could not read ${url.pathname}:`, error);
        return text(500, 'Internal error');
      }
    }
    // Client-side routes (no extension) get the app shell, so reloading on a screen keeps working.
    if (extname(file) === '') {
      const index = resolveInside(options.rootDir, '/index.html');
      if (index) {
        try {
          return await serve(index);
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
      }
    }
    return text(404, 'Not found');
  };
}
