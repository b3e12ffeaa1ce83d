import { SOP_VERSION_CREATED } from '../../../../shared/sops.ts';
import type { StaffUser } from '../../../../shared/user.ts';
import { useTRPC } from '../../api/trpc.ts';
import { useHash } from '../../app/useHash.ts';
import { useLiveRefetch } from '../../live/useLiveRefetch.ts';
import { useSession } from '../../state/session.ts';
import { SopDocumentView } from './SopDocumentView.tsx';
import { SopLibrary } from './SopLibrary.tsx';
import { sopPathFromHash } from './sopsHash.ts';

const sopTypes = [SOP_VERSION_CREATED] as const;

/**
 * The SOP library (all staff): every SOP by agent, and one SOP with its current content and its
 * history of versions, each with its diff. Managers can roll back to an older version. A new version
 * (an approval, a rollback, from any desk) shows without reloading: the live stream says when.
 */
export function SopsScreen({ user }: { user: StaffUser }) {
  const hash = useHash();
  const trpc = useTRPC();
  useLiveRefetch(sopTypes, trpc.sops.pathKey());
  const serverUrl = useSession((state) => state.serverUrl) ?? '';
  const path = sopPathFromHash(hash);
  return (
    <section className="screen screen-sops" aria-labelledby="screen-heading" data-testid="sops-screen">
      {path ? (
        <SopDocumentView key={path} path={path} user={user} serverUrl={serverUrl} />
      ) : (
        <SopLibrary serverUrl={serverUrl} />
      )}
    </section>
  );
}
