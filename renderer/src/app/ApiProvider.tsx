import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { createApiClient } from '../api/client.ts';
import { errorCode, isUnauthorized } from '../api/errors.ts';
import { TRPCProvider } from '../api/trpc.ts';
import { useSession } from '../state/session.ts';
import { expireSession } from '../state/sessionActions.ts';

function createQueryClient() {
  return new QueryClient({
    // A refused token anywhere means the session is over, whichever screen noticed.
    queryCache: new QueryCache({
      onError: (error) => {
        if (isUnauthorized(error)) void expireSession();
      },
    }),
    defaultOptions: {
      queries: {
        // A server that answered with an error will answer the same again; only transport failures retry.
        retry: (failureCount, error) => errorCode(error) === undefined && failureCount < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}

/** tRPC and TanStack Query for one server. Keyed by server address, so a new server starts clean. */
export function ApiProvider({ serverUrl, children }: { serverUrl: string; children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(() => createApiClient(serverUrl, () => useSession.getState().token));
  const signedIn = useSession((state) => state.status.kind === 'signedIn');
  // Nothing one user loaded may be shown to the next one at this desk.
  useEffect(() => {
    if (!signedIn) queryClient.clear();
  }, [signedIn, queryClient]);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
