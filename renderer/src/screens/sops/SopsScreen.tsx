import type { StaffUser } from '../../../../shared/user.ts';
import { useHash } from '../../app/useHash.ts';
import { useSession } from '../../state/session.ts';
import { SopDocumentView } from './SopDocumentView.tsx';
import { SopLibrary } from './SopLibrary.tsx';
import { sopPathFromHash } from './sopsHash.ts';

/**
 * The SOP library (all staff): every SOP by agent, and one SOP with its current content and its
 * history of versions, each with its diff. Managers can roll back to an older version.
 */
export function SopsScreen({ user }: { user: StaffUser }) {
  const hash = useHash();
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
