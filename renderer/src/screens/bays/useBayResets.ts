import { useCallback, useEffect, useRef, useState } from 'react';
import type { BayActionKind, BayActionView } from '../../../../shared/bays.ts';
import { describeError, isUnreachable } from '../../api/errors.ts';
import { useTRPCClient } from '../../api/trpc.ts';
import type { ResetRequest } from './resetRequest.ts';

/** Attempts per confirmed click when the server cannot be reached; the same key each time. */
const ATTEMPTS = 3;
const RETRY_DELAY_MS = 1_000;

type ResetClient = {
  bays: {
    reset: {
      mutate(input: { bayId: string; action: BayActionKind; idempotencyKey: string }): Promise<BayActionView>;
    };
  };
};

/** This desk's requests to restart or reboot bays, by bay id. */
export function useBayResets(serverUrl: string) {
  const client: ResetClient = useTRPCClient();
  const [requests, setRequests] = useState<ReadonlyMap<string, ResetRequest>>(new Map());
  // Read synchronously, so two confirms in one tick still send once.
  const sending = useRef(new Set<string>());
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const update = useCallback((bayId: string, request: ResetRequest | undefined) => {
    if (!mounted.current) return;
    setRequests((current) => {
      const next = new Map(current);
      if (request) next.set(bayId, request);
      else next.delete(bayId);
      return next;
    });
  }, []);

  const send = useCallback(
    async (bayId: string, kind: BayActionKind, key: string) => {
      if (sending.current.has(bayId)) return;
      sending.current.add(bayId);
      update(bayId, { status: 'sending', kind, key });
      try {
        for (let attempt = 1; ; attempt += 1) {
          try {
            const action = await client.bays.reset.mutate({ bayId, action: kind, idempotencyKey: key });
            update(bayId, { status: 'sent', kind, key, action });
            return;
          } catch (error) {
            const unreachable = isUnreachable(error);
            if (unreachable && attempt < ATTEMPTS) {
              await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
              continue;
            }
            update(bayId, {
              status: 'failed',
              kind,
              key,
              message: describeError(error, serverUrl),
              retryable: unreachable,
            });
            return;
          }
        }
      } finally {
        sending.current.delete(bayId);
      }
    },
    [client, serverUrl, update],
  );

  /** A new confirmed click: a new key. */
  const request = useCallback(
    (bayId: string, kind: BayActionKind) => void send(bayId, kind, crypto.randomUUID()),
    [send],
  );

  /** The same click again, after the server could not be reached: the same key. */
  const retry = useCallback(
    (bayId: string) => {
      const previous = requests.get(bayId);
      if (previous?.status === 'failed' && previous.retryable) void send(bayId, previous.kind, previous.key);
    },
    [requests, send],
  );

  const dismiss = useCallback((bayId: string) => update(bayId, undefined), [update]);

  return { requests, request, retry, dismiss };
}
