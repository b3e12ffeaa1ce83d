import type { StaffUser } from '../../../shared/user.ts';
import { canOpen, type Route } from '../app/routes.ts';
import { AiSettingsScreen } from '../screens/ai/AiSettingsScreen.tsx';
import { AuditScreen } from '../screens/audit/AuditScreen.tsx';
import { BaysScreen } from '../screens/BaysScreen.tsx';
import { InboxScreen } from '../screens/InboxScreen.tsx';
import { ManagersOnlyScreen } from '../screens/ManagersOnlyScreen.tsx';
import { NotFoundScreen } from '../screens/NotFoundScreen.tsx';
import { ProposalsScreen } from '../screens/proposals/ProposalsScreen.tsx';
import { QualityScreen } from '../screens/quality/QualityScreen.tsx';
import { SettingsScreen } from '../screens/SettingsScreen.tsx';
import { SopsScreen } from '../screens/sops/SopsScreen.tsx';

/**
 * The screen for a route, after the role check. A screen a role may not open is never mounted, so
 * it never asks the server for data the user may not see (and the server refuses it anyway).
 */
export function RouteScreen({
  route,
  user,
  serverUrl,
}: {
  route: Route | undefined;
  user: StaffUser;
  serverUrl: string;
}) {
  if (!route) return <NotFoundScreen />;
  if (!canOpen(route, user.role)) return <ManagersOnlyScreen screen={route.label} role={user.role} />;
  switch (route.id) {
    case 'bays':
      return <BaysScreen />;
    case 'inbox':
      return <InboxScreen />;
    case 'sops':
      return <SopsScreen user={user} />;
    case 'proposals':
      return <ProposalsScreen />;
    case 'quality':
      return <QualityScreen />;
    case 'audit':
      return <AuditScreen user={user} />;
    case 'ai':
      return <AiSettingsScreen serverUrl={serverUrl} />;
    case 'settings':
      return <SettingsScreen user={user} serverUrl={serverUrl} />;
    default: {
      const unexpected: never = route;
      throw new Error(`No screen for route ${JSON.stringify(unexpected)}`);
    }
  }
}
