import { useCallback, useEffect, useRef, useState } from 'react';
import type { MessageView } from '../../../../shared/threads.ts';
import { describeError, isUnreachable } from '../../api/errors.ts';
import { useTRPCClient } from '../../api/trpc.ts';
import { keyForSend, type SendRequest } from './sendRequest.ts';

/** Attempts per press when the server cannot be reached; the same key each time. */
const ATTEMPTS = 3;
const RETRY_DELAY_MS = 1_000;

type SendClient = {
  threads: {
    send: { mutate(input: { threadId: string; body: string; idempotencyKey: string }): Promise<MessageView> };
  };
};

/**
 * Sending from one thread's send box. Resolves with the server's message (queued) or null when it
 * was refused or could not be sent; the request then says why.
 */
export function useThreadSend(threadId: string, serverUrl: string) {
  const client: SendClient = useTRPCClient();
  const [request, setRequest] = useState<SendRequest | undefined>();
  // Read synchronously, so a double press in one tick still sends once.
  const inFlight = useRef(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const update = useCallback((next: SendRequest | undefined) => {
    if (mounted.current) setRequest(next);
  }, []);

  const send = useCallback(
    async (body: string): Promise<MessageView | null> => {
      if (inFlight.current) return null;
      inFlight.current = true;
      const key = keyForSend(request, body, () => crypto.randomUUID());
      update({ status: 'sending', key, body });
      try {
        for (let attempt = 1; ; attempt += 1) {
          try {
            const message = await client.threads.send.mutate({ threadId, body, idempotencyKey: key });
            update(undefined);
            return message;
          } catch (error) {
            const unreachable = isUnreachable(error);
            if (unreachable && attempt < ATTEMPTS) {
              await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
              continue;
            }
            update({
              status: 'failed',
              key,
              body,
              message: describeError(error, serverUrl),
              retryable: unreachable,
            });
            return null;
          }
        }
      } finally {
        inFlight.current = false;
      }
    },
    [client, threadId, serverUrl, request, update],
  );

  const dismiss = useCallback(() => update(undefined), [update]);
  return { request, send, dismiss };
}
