import type { ReactNode } from 'react';
import type { MessageView, NoteView } from '../../../../shared/threads.ts';
import { formatClock } from '../bays/bayFormat.ts';
import { deliveryStatus, messageAuthor } from './inboxWording.ts';
import type { ActionState } from './useThreadActions.ts';

type Clock = { now: number; timeZone: string | undefined };

/** One text in the thread, with its delivery state in icon, words and colour when it is ours. */
export function MessageItem({
  message,
  customer,
  clock,
  retry,
  onRetry,
  children,
}: {
  message: MessageView;
  customer: string;
  clock: Clock;
  retry: ActionState | undefined;
  onRetry(messageId: string): void;
  /** More under the text: for an AI answer, why it said that and a way to flag it. */
  children?: ReactNode;
}) {
  const status = deliveryStatus(message, clock);
  const retrying = retry?.status === 'running';
  return (
    <li
      className="message"
      data-direction={message.direction}
      data-kind={message.kind}
      data-status={message.status}
      data-message-id={message.id}
      data-testid="message"
    >
      <p className="message-meta">
        <span className="message-author">{messageAuthor(message, customer)}</span>
        <time dateTime={message.at}>{formatClock(message.at, clock.timeZone, clock.now)}</time>
      </p>
      <p className="message-body" data-testid="message-body">
        {message.body}
      </p>
      {status && (
        <div className="delivery" data-tone={status.tone} data-testid="delivery-status">
          <p className="delivery-label">
            <span className="delivery-icon" aria-hidden="true">
              {status.icon}
            </span>
            <span data-testid="delivery-label">{status.label}</span>
          </p>
          {status.detail && <p className="delivery-detail">{status.detail}</p>}
          {message.status === 'failed' && message.deadLettered && (
            <button
              type="button"
              className="button button-secondary message-retry"
              aria-disabled={retrying || undefined}
              onClick={() => {
                if (!retrying) onRetry(message.id);
              }}
            >
              {retrying ? 'Retrying…' : 'Retry sending'}
            </button>
          )}
          {retry?.status === 'failed' && (
            <p className="delivery-detail delivery-refused" role="alert">
              Retry refused: {retry.message}
            </p>
          )}
        </div>
      )}
      {children}
    </li>
  );
}

/** A private note: marked as such in words and shape, so no one mistakes it for a text the customer saw. */
export function NoteItem({ note, clock }: { note: NoteView; clock: Clock }) {
  return (
    <li className="note" data-testid="note">
      <p className="message-meta">
        <span className="note-label">Private note</span>
        <span className="message-author">{note.author?.name ?? 'ClubOS'}</span>
        <time dateTime={note.createdAt}>{formatClock(note.createdAt, clock.timeZone, clock.now)}</time>
      </p>
      <p className="message-body">{note.body}</p>
    </li>
  );
}
