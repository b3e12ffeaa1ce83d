import type { ThreadSummary } from '../../../../shared/threads.ts';
import { formatClock } from '../bays/bayFormat.ts';
import { customerName, lastMessagePreview, threadMarkers, threadStatusLabels } from './inboxWording.ts';

/** One conversation in the list: who, when, the last words, and what needs doing, never by colour alone. */
export function ThreadRow({
  thread,
  facilityName,
  clock,
}: {
  thread: ThreadSummary;
  /** Shown only when the user works at more than one facility. */
  facilityName: string | null;
  clock: { now: number; timeZone: string | undefined };
}) {
  const unread = thread.unreadCount;
  const markers = threadMarkers(thread, clock);
  return (
    <>
      <span className="thread-row-top">
        <span className="thread-row-name">{customerName(thread)}</span>
        {unread > 0 && (
          <span className="thread-unread" data-testid="thread-unread">
            {unread} new
          </span>
        )}
        <span className="thread-row-time">
          {formatClock(thread.lastActivityAt, clock.timeZone, clock.now)}
        </span>
      </span>
      <span className="thread-row-preview">{lastMessagePreview(thread)}</span>
      <span className="thread-row-tags">
        <span className="thread-status" data-status={thread.status}>
          {threadStatusLabels[thread.status]}
        </span>
        {markers.map((marker) => (
          <span key={marker.kind} className="thread-marker" data-marker={marker.kind}>
            <span aria-hidden="true">{marker.icon} </span>
            {marker.label}
          </span>
        ))}
        {thread.assignedTo && (
          <span className="thread-assignee">
            <span aria-hidden="true">→</span>
            <span className="visually-hidden">Assigned to</span>
            {firstName(thread.assignedTo.name)}
          </span>
        )}
        {facilityName && <span className="thread-facility">{facilityName}</span>}
      </span>
    </>
  );
}

/** A row is narrow: "Frankie Frontdesk" shows as "Frankie"; the thread's header has the full name. */
function firstName(name: string): string {
  return name.split(/\s+/)[0] || name;
}
