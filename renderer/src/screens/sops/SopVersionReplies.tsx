import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { agentLabels } from '../../../../shared/agents.ts';
import { describeError } from '../../api/errors.ts';
import { useTRPC } from '../../api/trpc.ts';
import { runStateLabels } from '../inbox/ai/aiWording.ts';
import { formatWhen } from '../proposals/proposalWording.ts';

const REPLY_LIMIT = 50;

/**
 * "Replies that used vN": the AI answers that stood on one version (`sops.versionReplies`), read
 * only when opened, newest first, each with what the customer asked and whether it was flagged.
 */
export function SopVersionReplies({
  documentId,
  version,
  serverUrl,
}: {
  documentId: string;
  version: number;
  serverUrl: string;
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const replies = useQuery({
    ...trpc.sops.versionReplies.queryOptions({ sopId: documentId, version, limit: REPLY_LIMIT }),
    enabled: open,
  });
  const list = replies.data;

  return (
    <details
      className="sop-replies"
      data-testid="sop-version-replies"
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary>Replies that used version {version}</summary>
      {replies.isError && (
        <div className="notice notice-error" role="alert">
          <p>The replies could not be loaded: {describeError(replies.error, serverUrl)}</p>
          <button type="button" className="button button-secondary" onClick={() => void replies.refetch()}>
            Try again
          </button>
        </div>
      )}
      {!list ? (
        open && !replies.isError ? (
          <p className="loading" role="status">
            Loading the replies…
          </p>
        ) : null
      ) : list.length === 0 ? (
        <p data-testid="sop-version-replies-empty">No AI reply has used version {version} yet.</p>
      ) : (
        <>
          <p className="proposals-muted">
            {list.length === REPLY_LIMIT
              ? `The newest ${REPLY_LIMIT} replies from your facilities.`
              : `${list.length} ${list.length === 1 ? 'reply' : 'replies'} from your facilities.`}
          </p>
          <ul className="sop-reply-list">
            {list.map((reply) => {
              const state = runStateLabels[reply.state];
              const answer = reply.finalBody ?? reply.body;
              return (
                <li key={reply.runId} className="sop-reply" data-testid="sop-version-reply">
                  <p className="sop-reply-meta">
                    {formatWhen(reply.createdAt)} · {reply.facility.name} · {agentLabels[reply.agent]} ·{' '}
                    <span aria-hidden="true">{state.icon} </span>
                    {state.label}
                    {reply.flagged && (
                      <span className="tag sop-reply-flagged" data-testid="sop-reply-flagged">
                        <span aria-hidden="true">⚑ </span>Marked unhelpful
                      </span>
                    )}
                  </p>
                  <p>
                    <strong>Customer:</strong> {reply.query}
                  </p>
                  <p>
                    <strong>{reply.finalBody !== null ? 'Sent:' : 'AI answer:'}</strong>{' '}
                    {answer ?? 'No answer was written.'}
                  </p>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </details>
  );
}
