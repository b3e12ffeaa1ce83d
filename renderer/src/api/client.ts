import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
} from '@trpc/client';
import { EventSource } from 'eventsource';
import type { AppRouter } from '../../../server/trpc/appRouter.ts';

export type ApiClient = TRPCClient<AppRouter>;

/**
 * One tRPC client per server address. The token is read at call time, so signing in or out needs
 * no new client, and it only ever travels in the Authorization header: queries go as POST
 * (`methodOverride`) so no input sits in a URL, and the live stream uses an EventSource whose
 * fetch adds the header (the browser's own EventSource cannot send one).
 */
export function createApiClient(serverUrl: string, getToken: () => string | null): ApiClient {
  const url = `${serverUrl}/trpc`;
  const authorization = (): Record<string, string> => {
    const token = getToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url,
          EventSource,
          eventSourceOptions: () => ({
            fetch: (input, init) =>
              fetch(input, { ...init, headers: { ...init.headers, ...authorization() } }),
          }),
        }),
        false: httpBatchLink({ url, methodOverride: 'POST', headers: authorization }),
      }),
    ],
  });
}
