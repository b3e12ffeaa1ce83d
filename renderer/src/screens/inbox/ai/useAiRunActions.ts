import { useCallback, useEffect, useRef, useState } from 'react';
import type { AiRunView } from '../../../../../shared/ai.ts';
import { describeError } from '../../../api/errors.ts';
import { useTRPCClient } from '../../../api/trpc.ts';
import type { ActionState } from '../useThreadActions.ts';
import type { ThreadRunsFeed } from './threadRunsFeed.ts';

type AiRunClient = {
  ai: {
    approve: { mutate(input: { runId: string; body?: string }): Promise<AiRunView> };
    discard: { mutate(input: { runId: string }): Promise<AiRunView> };
  };
  feedback: {
    flag: {
      mutate(input: {
        messageId?: string;
        runId?: string;
        reason: string;
        correction?: string;
      }): Promise<{ ok: true }>;
    };
  };
};

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
 * Send (approve, edited or not) and discard, per answer: running until the server answers, then
 * the answer's new state (the card leaves the panel) or why it was refused. The approve is
 * idempotent on the server (an answer already sent is not sent again), so a retry is safe.
 */
export function useAiRunActions(serverUrl: string, runs: ThreadRunsFeed) {
  const client: AiRunClient = useTRPCClient();
  const [states, setStates] = useState<ReadonlyMap<string, ActionState>>(new Map());
  const running = useRef(new Set<string>());
  const mounted = useMounted();
  const set = useCallback(
    (runId: string, state: ActionState) => {
      if (mounted.current) setStates((current) => new Map(current).set(runId, state));
    },
    [mounted],
  );

  const act = useCallback(
    async (runId: string, label: string, action: () => Promise<AiRunView>): Promise<boolean> => {
      if (running.current.has(runId)) return false;
      running.current.add(runId);
      set(runId, { status: 'running', label });
      try {
        const run = await action();
        runs.applyOwn(run);
        set(runId, { status: 'idle' });
        return true;
      } catch (error) {
        set(runId, { status: 'failed', label, message: describeError(error, serverUrl) });
        return false;
      } finally {
        running.current.delete(runId);
      }
    },
    [runs, serverUrl, set],
  );

  return {
    states,
    approve: (runId: string, body?: string) =>
      act(runId, body === undefined ? 'Send' : 'Send edited', () =>
        client.ai.approve.mutate(body === undefined ? { runId } : { runId, body }),
      ),
    discard: (runId: string) => act(runId, 'Discard', () => client.ai.discard.mutate({ runId })),
    dismiss: (runId: string) => set(runId, { status: 'idle' }),
  };
}

export type FlagState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'flagged' }
  | { status: 'failed'; message: string };

/** Marks one sent answer unhelpful, by the message it went out as. */
export function useFlagAnswer(serverUrl: string, runs: ThreadRunsFeed, runId: string, messageId: string) {
  const client: AiRunClient = useTRPCClient();
  const [state, setState] = useState<FlagState>({ status: 'idle' });
  const saving = useRef(false);
  const mounted = useMounted();
  const flag = useCallback(
    async (input: { reason: string; correction: string }): Promise<boolean> => {
      if (saving.current) return false;
      saving.current = true;
      setState({ status: 'saving' });
      try {
        const correction = input.correction.trim();
        await client.feedback.flag.mutate({
          messageId,
          reason: input.reason.trim(),
          ...(correction !== '' && { correction }),
        });
        runs.markFlagged(runId);
        if (mounted.current) setState({ status: 'flagged' });
        return true;
      } catch (error) {
        if (mounted.current) setState({ status: 'failed', message: describeError(error, serverUrl) });
        return false;
      } finally {
        saving.current = false;
      }
    },
    [client, messageId, runId, runs, serverUrl, mounted],
  );
  return { state, flag };
}
