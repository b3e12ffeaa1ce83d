import { EmptyState } from '../components/EmptyState.tsx';
import { ScreenHeading } from '../shell/ScreenHeading.tsx';

export function InboxScreen() {
  return (
    <section className="screen" aria-labelledby="screen-heading">
      <ScreenHeading>Inbox</ScreenHeading>
      <EmptyState title="No messages yet">
        <p>Customer text messages arrive with the SMS inbox. Nothing to show yet.</p>
      </EmptyState>
    </section>
  );
}
