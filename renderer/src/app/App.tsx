import { useEffect, useState } from 'react';
import { useTRPCClient } from '../api/trpc.ts';
import { LoginScreen } from '../screens/LoginScreen.tsx';
import { SplashScreen } from '../screens/SplashScreen.tsx';
import { UnreachableScreen } from '../screens/UnreachableScreen.tsx';
import { Shell } from '../shell/Shell.tsx';
import { SkipLink } from '../shell/SkipLink.tsx';
import { StatusBar } from '../shell/StatusBar.tsx';
import { useSession } from '../state/session.ts';
import { loadHostSettings, restoreSession } from '../state/sessionActions.ts';
import { ApiProvider } from './ApiProvider.tsx';

export function App() {
  const serverUrl = useSession((state) => state.serverUrl);
  const [hostError, setHostError] = useState<string | null>(null);
  useEffect(() => {
    loadHostSettings().catch((error: unknown) => {
      setHostError(error instanceof Error ? error.message : String(error));
    });
  }, []);
  if (hostError) {
    return (
      <SplashScreen
        title="ClubOS could not start"
        message={`The app could not read its settings: ${hostError}`}
      />
    );
  }
  if (!serverUrl) return <SplashScreen title="Starting ClubOS…" />;
  return (
    <ApiProvider key={serverUrl} serverUrl={serverUrl}>
      <Root serverUrl={serverUrl} />
    </ApiProvider>
  );
}

function Root({ serverUrl }: { serverUrl: string }) {
  const status = useSession((state) => state.status);
  const client = useTRPCClient();
  useEffect(() => {
    if (useSession.getState().status.kind === 'starting') void restoreSession(client, serverUrl);
  }, [client, serverUrl]);

  return (
    <div className="app">
      <SkipLink />
      <div className="app-body">
        <CurrentScreen serverUrl={serverUrl} />
      </div>
      <StatusBar serverUrl={serverUrl} user={status.kind === 'signedIn' ? status.user : null} />
    </div>
  );
}

function CurrentScreen({ serverUrl }: { serverUrl: string }) {
  const status = useSession((state) => state.status);
  switch (status.kind) {
    case 'starting':
      return <SplashScreen title="Checking your sign-in…" />;
    case 'unreachable':
      return <UnreachableScreen serverUrl={serverUrl} message={status.message} />;
    case 'signedOut':
      return <LoginScreen serverUrl={serverUrl} notice={status.notice} />;
    case 'signedIn':
      return <Shell serverUrl={serverUrl} user={status.user} />;
    default: {
      const unexpected: never = status;
      throw new Error(`Unknown session status ${JSON.stringify(unexpected)}`);
    }
  }
}
