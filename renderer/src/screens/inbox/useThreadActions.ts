import { useCallback, useEffect, useRef, useState } from 'react';
import type { ThreadStatus } from '../../../../shared/sms.ts';
import type { MessageView, NoteView, ThreadSummary } from '../../../../shared/threads.ts';
import { describeError } from '../../api/errors.ts';
import { useTRPCClient } from '../../api/trpc.ts';

type ThreadActionsClient = {
  threads: {
    assign: { mutate(input: { threadId: string; userId: string | null }): Promise<ThreadSummary> };
    setStatus: {
      mutate(input: {
        threadId: string;
        status: ThreadStatus;
        snoozedUntil?: string;
      }): Promise<ThreadSummary>;
    };
    pauseAi: { mutate(input: { threadId: string; paused: boolean }): Promise<ThreadSummary> };
    addNote: { mutate(input: { threadId: string; body: string }): Promise<NoteView> };
    retrySend: { mutate(input: { messageId: string }): Promise<MessageView> };
  };
};

/** An action on a thread as this desk asked for it: running until the server answers, then its error if any. */
export type ActionState =
  | { status: 'idle' }
  | { status: 'running'; label: string }
  | { status: 'failed'; label: string; message: string };

function useMounted() {
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}

/**
 * Assign, status, AI pause: one at a time per thread, each shown as running until the server
 * answers. What changed then reaches every desk through the inbox stream.
 */
export function useThreadActions(
  threadId: string,
  serverUrl: string,
  onChanged: (thread: ThreadSummary) => void,
) {
  const client: ThreadActionsClient = useTRPCClient();
  const [state, setState] = useState<ActionState>({ status: 'idle' });
  const running = useRef(false);
  const mounted = useMounted();

  const run = useCallback(
    async (label: string, action: () => Promise<ThreadSummary>) => {
      if (running.current) return;
      running.current = true;
      setState({ status: 'running', label });
      try {
        const thread = await action();
        if (!mounted.current) return;
        onChanged(thread);
        setState({ status: 'idle' });
      } catch (error) {
        if (mounted.current) setState({ status: 'failed', label, message: describeError(error, serverUrl) });
      } finally {
        running.current = false;
      }
    },
    [serverUrl, onChanged, mounted],
  );

  return {
    state,
    dismiss: () => setState({ status: 'idle' }),
    assign: (assigneeId: string | null, label: string) =>
      void run(label, () => client.threads.assign.mutate({ threadId, userId: assigneeId })),
    setStatus: (status: ThreadStatus, label: string, snoozedUntil?: Date) =>
      void run(label, () =>
        client.threads.setStatus.mutate({
          threadId,
          status,
          ...(snoozedUntil && { snoozedUntil: snoozedUntil.toISOString() }),
        }),
      ),
    pauseAi: (paused: boolean, label: string) =>
      void run(label, () => client.threads.pauseAi.mutate({ threadId, paused })),
  };
}

export type NoteState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'failed'; message: string; retryable: false };

export function useNoteAdd(threadId: string, serverUrl: string) {
  const client: ThreadActionsClient = useTRPCClient();
  const [state, setState] = useState<NoteState>({ status: 'idle' });
  const saving = useRef(false);
  const mounted = useMounted();
  const add = useCallback(
    async (body: string): Promise<NoteView | null> => {
      if (saving.current) return null;
      saving.current = true;
      setState({ status: 'saving' });
      try {
        const note = await client.threads.addNote.mutate({ threadId, body });
        if (mounted.current) setState({ status: 'idle' });
        return note;
      } catch (error) {
        if (mounted.current) {
          setState({ status: 'failed', message: describeError(error, serverUrl), retryable: false });
        }
        return null;
      } finally {
        saving.current = false;
      }
    },
    [client, threadId, serverUrl, mounted],
  );
  return { state, add };
}

/** One-click retries of dead-lettered texts, by message id: running, or why it was refused. */
export function useRetrySend(serverUrl: string, onRetried: (message: MessageView) => void) {
  const client: ThreadActionsClient = useTRPCClient();
  const [states, setStates] = useState<ReadonlyMap<string, ActionState>>(new Map());
  const mounted = useMounted();
  const set = useCallback(
    (messageId: string, state: ActionState) => {
      if (!mounted.current) return;
      setStates((current) => new Map(current).set(messageId, state));
    },
    [mounted],
  );
  const retry = useCallback(
    async (messageId: string) => {
      if (states.get(messageId)?.status === 'running') return;
      set(messageId, { status: 'running', label: 'Retry' });
      try {
        const message = await client.threads.retrySend.mutate({ messageId });
        if (mounted.current) onRetried(message);
        set(messageId, { status: 'idle' });
      } catch (error) {
        set(messageId, { status: 'failed', label: 'Retry', message: describeError(error, serverUrl) });
      }
    },
    [client, serverUrl, onRetried, states, set, mounted],
  );
  return { states, retry };
}
