import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { serverUrlSchema } from '../../../shared/desktopApi.ts';
import { describeError } from '../api/errors.ts';
import { Field } from '../components/Field.tsx';
import { serverUrlIsFixed } from '../platform/desktop.ts';
import { switchServer } from '../state/sessionActions.ts';

/**
 * Which server this desk signs in to. On first run the default (http://127.0.0.1:4310) is shown and
 * can be changed here; a change reloads the app so it can reach the new address.
 */
export function LoginServer({ serverUrl }: { serverUrl: string }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(serverUrl);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const changeRef = useRef<HTMLButtonElement>(null);
  const save = useMutation({
    mutationFn: (url: string) => switchServer(url, 'Server set to {server}. Sign in to continue.'),
  });

  useEffect(() => {
    if (editing) inputRef.current?.focus();
  }, [editing]);

  if (serverUrlIsFixed) {
    return (
      <p className="field-static">
        <span className="field-static-label">Server</span> <span className="mono">{serverUrl}</span>
      </p>
    );
  }

  function close() {
    setEditing(false);
    setDraft(serverUrl);
    setError(null);
    // Back to the button that opened the form, so keyboard users do not lose their place.
    requestAnimationFrame(() => changeRef.current?.focus());
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = serverUrlSchema.safeParse(draft);
    if (!parsed.success) {
      setError(
        `The server address ${parsed.error.issues[0]?.message ?? 'is not valid'}, for example http://127.0.0.1:4310`,
      );
      inputRef.current?.focus();
      return;
    }
    if (parsed.data === serverUrl) return close();
    save.mutate(parsed.data);
  }

  if (!editing) {
    return (
      <div className="field-static login-server">
        <p>
          <span className="field-static-label">Server</span>{' '}
          <span className="mono" data-testid="login-server">
            {serverUrl}
          </span>
        </p>
        <button
          ref={changeRef}
          type="button"
          className="button button-secondary"
          onClick={() => setEditing(true)}
        >
          Change server
        </button>
      </div>
    );
  }

  return (
    <form
      className="form login-server-form"
      aria-label="Choose the server"
      noValidate
      onSubmit={onSubmit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') close();
      }}
    >
      <Field
        id="login-server"
        label="Server address"
        hint="The ClubOS server this desk connects to. Changing it reloads the app."
        type="url"
        inputMode="url"
        spellCheck={false}
        value={draft}
        error={error ?? (save.error ? describeError(save.error, draft) : null)}
        inputRef={inputRef}
        onChange={(event) => setDraft(event.target.value)}
      />
      <div className="actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Use this server'}
        </button>
        <button type="button" className="button button-secondary" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}
