import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/**
 * The location hash. Screens are addressed by hash (`#/audit`) so the same build works from the
 * desktop app's own protocol and from the server at `/`, with no server-side routes to keep in step.
 */
export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
