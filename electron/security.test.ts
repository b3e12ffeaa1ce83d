import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  contentSecurityPolicy,
  hardenWebContents,
  installPermissionHandlers,
  openExternalSafely,
  secureWebPreferences,
} from './security.ts';
import { FakeSession, FakeShell, FakeWebContents } from './testing/fakeElectron.ts';

function cspDirectives(csp: string): Map<string, string> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

describe('secureWebPreferences', () => {
  it('applies the whole security checklist and the given preload', () => {
    expect(secureWebPreferences('/app/out/preload/preload.cjs')).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      preload: '/app/out/preload/preload.cjs',
    });
  });
});

describe('contentSecurityPolicy', () => {
  it('lets the page connect only to the configured server origin', () => {
    const directives = cspDirectives(contentSecurityPolicy('https://ops.clubos.example:8443/some/path?x=1'));
    expect(directives.get('connect-src')).toBe('https://ops.clubos.example:8443');
  });

  it('allows scripts only from the app itself and nothing by default', () => {
    expect(contentSecurityPolicy('http://127.0.0.1:4310')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src http://127.0.0.1:4310; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; " +
        "object-src 'none'",
    );
  });

  it('refuses a server URL that could smuggle extra sources into the policy', () => {
    expect(() => contentSecurityPolicy("http://a.example; script-src 'unsafe-inline'")).toThrow();
    expect(() => contentSecurityPolicy('javascript:alert(1)')).toThrow();
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('openExternalSafely', () => {
  it.each([
    'file:///C:/Windows/System32/calc.exe',
    'javascript:alert(1)',
    'smb://fileserver/share',
    'ms-settings:privacy',
    'not a url',
  ])('refuses %s', async (url) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const shell = new FakeShell();
    await expect(openExternalSafely(shell, url)).resolves.toBe(false);
    expect(shell.opened).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^Refused to open/));
  });

  it.each(['https://clubos.example/help', 'http://127.0.0.1:4310/'])('opens %s', async (url) => {
    const shell = new FakeShell();
    await expect(openExternalSafely(shell, url)).resolves.toBe(true);
    expect(shell.opened).toEqual([url]);
  });
});

describe('hardenWebContents', () => {
  const hardened = () => {
    const contents = new FakeWebContents('app://clubos/index.html');
    const shell = new FakeShell();
    hardenWebContents(contents, shell);
    return { contents, shell };
  };

  it('refuses navigation to another origin', () => {
    const { contents } = hardened();
    expect(contents.navigate('https://evil.example/phish')).toBe(false);
    expect(contents.navigate('http://127.0.0.1:4310/')).toBe(false);
    expect(contents.navigate('file:///etc/passwd')).toBe(false);
    expect(contents.navigate('app://other/index.html')).toBe(false);
  });

  it('allows navigation within the app', () => {
    const { contents } = hardened();
    expect(contents.navigate('app://clubos/index.html')).toBe(true);
    expect(contents.navigate('app://clubos/audit')).toBe(true);
  });

  it('refuses redirects away from the app', () => {
    const { contents } = hardened();
    expect(contents.navigate('https://evil.example/', 'will-redirect')).toBe(false);
    expect(contents.navigate('app://clubos/index.html', 'will-redirect')).toBe(true);
  });

  it('denies window.open, handing http(s) links to the browser', async () => {
    const { contents, shell } = hardened();
    expect(contents.open('https://clubos.example/help')).toEqual({ action: 'deny' });
    expect(contents.open('app://clubos/index.html')).toEqual({ action: 'deny' });
    expect(contents.open('file:///C:/Windows/System32/calc.exe')).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(shell.opened).toEqual(['https://clubos.example/help']));
  });

  it('refuses to attach a <webview>', () => {
    const { contents } = hardened();
    expect(contents.attachWebview()).toBe(false);
  });
});

describe('installPermissionHandlers', () => {
  const installed = () => {
    const session = new FakeSession();
    installPermissionHandlers(session);
    return session;
  };

  it('denies permissions by default', () => {
    const session = installed();
    for (const permission of ['media', 'geolocation', 'openExternal', 'clipboard-read', 'hid', 'unknown']) {
      expect(session.request(permission, 'app://clubos/index.html')).toBe(false);
      expect(session.check(permission, 'app://clubos')).toBe(false);
    }
  });

  it('grants notifications to the app only', () => {
    const session = installed();
    expect(session.request('notifications', 'app://clubos/index.html')).toBe(true);
    expect(session.check('notifications', 'app://clubos')).toBe(true);
    expect(session.request('notifications', 'https://evil.example/')).toBe(false);
    expect(session.check('notifications', 'https://evil.example')).toBe(false);
  });
});
