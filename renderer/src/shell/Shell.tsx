import { useEffect, useRef } from 'react';
import type { StaffUser } from '../../../shared/user.ts';
import { canOpen, hrefFor, routeFromHash, routes } from '../app/routes.ts';
import { useHash } from '../app/useHash.ts';
import { useLiveConnection } from '../live/useLiveConnection.ts';
import { EmergencyBanner } from '../screens/ai/EmergencyBanner.tsx';
import { InboxNavBadge } from '../screens/inbox/InboxNavBadge.tsx';
import { ProposalsNavBadge } from '../screens/proposals/ProposalsNavBadge.tsx';
import { KeychainNotice } from './KeychainNotice.tsx';
import { RouteScreen } from './RouteScreen.tsx';
import { SCREEN_HEADING_ID } from './ScreenHeading.tsx';
import { SignOutButton } from './SignOutButton.tsx';

/** The signed-in frame: title bar, navigation for the user's role, and the current screen. */
export function Shell({ serverUrl, user }: { serverUrl: string; user: StaffUser }) {
  useLiveConnection(serverUrl);
  const hash = useHash();
  const route = routeFromHash(hash);
  const visibleRoutes = routes.filter((candidate) => canOpen(candidate, user.role));

  // After a navigation (not the first render), start the new screen at its top and focus its
  // title, so keyboard and screen-reader users start reading where the content changed.
  const shownHash = useRef(hash);
  const mainRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (shownHash.current === hash) return;
    shownHash.current = hash;
    mainRef.current?.scrollTo({ top: 0 });
    document.getElementById(SCREEN_HEADING_ID)?.focus({ preventScroll: true });
  }, [hash]);

  return (
    <div className="shell">
      <header className="topbar">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◉
          </span>
          ClubOS <span className="brand-sub">Mission Control</span>
        </p>
        <div className="topbar-user">
          <span>{user.email}</span>
          <SignOutButton serverUrl={serverUrl} />
        </div>
      </header>
      <nav className="sidenav" aria-label="Screens">
        <ul>
          {visibleRoutes.map((candidate) => (
            <li key={candidate.id}>
              <a
                href={hrefFor(candidate.id)}
                className="sidenav-link"
                aria-current={route?.id === candidate.id ? 'page' : undefined}
              >
                {candidate.label}
                {candidate.id === 'inbox' && <InboxNavBadge />}
                {candidate.id === 'proposals' && <ProposalsNavBadge />}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={mainRef} className="content" tabIndex={-1}>
        <EmergencyBanner />
        <KeychainNotice />
        <RouteScreen route={route} user={user} serverUrl={serverUrl} />
      </main>
    </div>
  );
}
