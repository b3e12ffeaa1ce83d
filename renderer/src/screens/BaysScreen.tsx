import { EmptyState } from '../components/EmptyState.tsx';
import { ScreenHeading } from '../shell/ScreenHeading.tsx';

export function BaysScreen() {
  return (
    <section className="screen" aria-labelledby="screen-heading">
      <ScreenHeading>Bays</ScreenHeading>
      <EmptyState title="No bay status yet">
        <p>Live bay status arrives with the bay board. Nothing to show yet.</p>
      </EmptyState>
    </section>
  );
}
