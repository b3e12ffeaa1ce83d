import { useEffect } from 'react';
import { useTRPCClient } from '../api/trpc.ts';
import { useLive } from '../state/live.ts';
import { expireSession } from '../state/sessionActions.ts';
import { LiveConnection } from './liveConnection.ts';
import { deliverLiveEvent } from './liveEvents.ts';

/** Holds the live event stream open while the signed-in shell is mounted. */
export function useLiveConnection(serverUrl: string): void {
  const client = useTRPCClient();
  useEffect(() => {
    const connection = new LiveConnection({
      client,
      serverUrl,
      onState: (state) => useLive.setState({ state }),
      onEvent: (event) => {
        useLive.setState({ lastEventId: event.id });
        deliverLiveEvent(event);
      },
      onUnauthorized: () => void expireSession(),
    });
    connection.start();
    return () => connection.stop();
  }, [client, serverUrl]);
}
