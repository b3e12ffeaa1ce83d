import { EmptyState } from '../components/EmptyState.tsx';
import { ScreenHeading } from '../shell/ScreenHeading.tsx';

export function SopsScreen() {
  return (
    <section className="screen" aria-labelledby="screen-heading">
      <ScreenHeading>SOPs</ScreenHeading>
      <EmptyState title="No SOPs yet">
        <p>The standard operating procedures arrive with the SOP library. Nothing to show yet.</p>
      </EmptyState>
    </section>
  );
}
