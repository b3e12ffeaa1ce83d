import { EmptyState } from '../components/EmptyState.tsx';
import { ScreenHeading } from '../shell/ScreenHeading.tsx';

export function ProposalsScreen() {
  return (
    <section className="screen" aria-labelledby="screen-heading">
      <ScreenHeading>Proposals</ScreenHeading>
      <EmptyState title="No proposals yet">
        <p>
          SOP changes proposed by the AI will wait here for a manager to approve or reject them. Nothing to
          show yet.
        </p>
      </EmptyState>
    </section>
  );
}
