import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { serverUrlSchema } from '../../../shared/desktopApi.ts';
import type { StaffUser } from '../../../shared/user.ts';
import { describeError } from '../api/errors.ts';
import { useTRPCClient } from '../api/trpc.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { Field } from '../components/Field.tsx';
import { desktop, serverUrlIsFixed } from '../platform/desktop.ts';
import { roleLabel } from '../shell/roleLabel.ts';
import { ScreenHeading } from '../shell/ScreenHeading.tsx';
import { SignOutButton } from '../shell/SignOutButton.tsx';
import { useSession } from '../state/session.ts';
import { changeServer } from '../state/sessionActions.ts';

function SignInStorage() {
  const keychain = useSession((state) => state.keychain);
  if (desktop.app.shell === 'web') {
    return <dd>This browser tab only (session storage). Closing the tab signs you out.</dd>;
  }
  if (!keychain) return <dd>Checking…</dd>;
  return keychain.available ? (
    <dd>Saved in the system keychain, so the app signs you in when it starts.</dd>
  ) : (
    <dd>
      <strong>Keychain unavailable</strong> ({keychain.reason}). You will need to sign in each time the app
      starts.
    </dd>
  );
}

function ServerAddress({ serverUrl }: { serverUrl: string }) {
  const client = useTRPCClient();
  const [draft, setDraft] = useState(serverUrl);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const change = useMutation({ mutationFn: (url: string) => changeServer(client, serverUrl, url) });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = serverUrlSchema.safeParse(draft);
    if (!parsed.success) {
      setError(`The server address ${parsed.error.issues[0]?.message ?? 'is not valid'}.`);
      return;
    }
    setError(null);
    if (parsed.data === serverUrl) return;
    setPending(parsed.data);
  }

  return (
    <form className="form form-inline" noValidate onSubmit={onSubmit}>
      <Field
        id="settings-server"
        label="Server address"
        hint="Changing it signs you out; you then sign in on the new server."
        type="url"
        spellCheck={false}
        value={draft}
        error={error ?? (change.error ? describeError(change.error, serverUrl) : null)}
        onChange={(event) => setDraft(event.target.value)}
      />
      <button type="submit" className="button" disabled={change.isPending}>
        {change.isPending ? 'Changing…' : 'Change server'}
      </button>
      <ConfirmDialog
        open={pending !== null}
        title="Change server?"
        confirmLabel="Change server and sign out"
        onCancel={() => setPending(null)}
        onConfirm={() => {
          if (pending) change.mutate(pending);
          setPending(null);
        }}
      >
        <p>
          ClubOS will sign you out of {serverUrl} and switch to {pending}, where you sign in again.
        </p>
      </ConfirmDialog>
    </form>
  );
}

export function SettingsScreen({ user, serverUrl }: { user: StaffUser; serverUrl: string }) {
  return (
    <section className="screen" aria-labelledby="screen-heading">
      <ScreenHeading>Settings</ScreenHeading>

      <section className="panel" aria-labelledby="settings-server-title">
        <h2 id="settings-server-title">Server</h2>
        {serverUrlIsFixed ? (
          <p>
            Connected to <span className="mono">{serverUrl}</span>. In a browser, ClubOS always uses the
            server that served this page.
          </p>
        ) : (
          <ServerAddress serverUrl={serverUrl} />
        )}
      </section>

      <section className="panel" aria-labelledby="settings-account-title">
        <h2 id="settings-account-title">Your account</h2>
        <dl className="facts">
          <dt>Name</dt>
          <dd>{user.name}</dd>
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Role</dt>
          <dd>{roleLabel(user.role)}</dd>
          <dt>Sign-in kept in</dt>
          <SignInStorage />
        </dl>
        <SignOutButton serverUrl={serverUrl} className="button" />
      </section>

      <section className="panel" aria-labelledby="settings-app-title">
        <h2 id="settings-app-title">About this app</h2>
        <dl className="facts">
          <dt>Version</dt>
          <dd data-testid="app-version">{desktop.app.version}</dd>
          <dt>Running as</dt>
          <dd>{desktop.app.shell === 'desktop' ? 'Desktop app' : 'Web browser'}</dd>
        </dl>
      </section>
    </section>
  );
}
