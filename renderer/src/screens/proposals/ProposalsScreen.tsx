import { useHash } from '../../app/useHash.ts';
import { useSession } from '../../state/session.ts';
import { ProposalDetailView } from './ProposalDetailView.tsx';
import { ProposalQueue } from './ProposalQueue.tsx';
import { proposalIdFromHash } from './proposalsHash.ts';

/**
 * SOP proposals (managers only): the queue of changes the AI or staff corrections propose, and one
 * proposal with its diff, guardrail refusals and eval, to approve, reject or edit and re-submit.
 */
export function ProposalsScreen() {
  const hash = useHash();
  const serverUrl = useSession((state) => state.serverUrl) ?? '';
  const id = proposalIdFromHash(hash);
  return (
    <section
      className="screen screen-proposals"
      aria-labelledby="screen-heading"
      data-testid="proposals-screen"
    >
      {id ? (
        <ProposalDetailView key={id} id={id} serverUrl={serverUrl} />
      ) : (
        <ProposalQueue serverUrl={serverUrl} />
      )}
    </section>
  );
}
