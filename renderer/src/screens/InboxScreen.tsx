import { useSession } from '../state/session.ts';
import { InboxScreen as Inbox } from './inbox/InboxScreen.tsx';

/** The SMS inbox (screens/inbox/), for the signed-in user. */
export function InboxScreen() {
  const user = useSession((state) => (state.status.kind === 'signedIn' ? state.status.user : null));
  const serverUrl = useSession((state) => state.serverUrl) ?? '';
  if (!user) return null;
  return <Inbox user={user} serverUrl={serverUrl} />;
}
