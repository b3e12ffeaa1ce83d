/** `#/sops/<path>` opens one SOP (its path encoded as one segment); `#/sops` is the library. */
export function sopPathFromHash(hash: string): string | null {
  const match = /^#\/sops\/([^/?]+)/.exec(hash);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

export const sopHref = (path: string) => `#/sops/${encodeURIComponent(path)}`;
export const LIBRARY_HREF = '#/sops';
