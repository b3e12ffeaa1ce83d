import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTRPCClient } from '../api/trpc.ts';
import { useSession } from '../state/session.ts';
import { restoreSession } from '../state/sessionActions.ts';

const RETRY_EVERY_MS = 5_000;

/**
 * A sign-in is saved but the server did not answer (the desk PC often starts before the server).
 * Keeps trying by itself; the user can also try now, or sign in another way.
 */
export function UnreachableScreen({ serverUrl, message }: { serverUrl: string; message: string }) {
  const client = useTRPCClient();
  const retry = useMutation({ mutationFn: () => restoreSession(client, serverUrl) });
  const { mutate } = retry;
  useEffect(() => {
    const timer = setInterval(() => mutate(), RETRY_EVERY_MS);
    return () => clearInterval(timer);
  }, [mutate]);

  return (
    <main id="main" className="centered" tabIndex={-1}>
      <section className="card" aria-labelledby="unreachable-title">
        <h1 id="unreachable-title" className="card-title">
          Waiting for the server
        </h1>
        <p role="alert">{message}</p>
        <p role="status">{retry.isPending ? 'Trying again…' : 'Trying again every few seconds.'}</p>
        <div className="actions">
          <button type="button" className="button" disabled={retry.isPending} onClick={() => mutate()}>
            Try again now
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => useSession.setState({ token: null, status: { kind: 'signedOut' } })}
          >
            Sign in instead
          </button>
        </div>
      </section>
    </main>
  );
}
