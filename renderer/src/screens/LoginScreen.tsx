import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { describeError } from '../api/errors.ts';
import { useTRPCClient } from '../api/trpc.ts';
import { Field } from '../components/Field.tsx';
import { useSession } from '../state/session.ts';
import { signIn } from '../state/sessionActions.ts';
import { LoginServer } from './LoginServer.tsx';

type FieldErrors = { email?: string; password?: string };

export function LoginScreen({ serverUrl, notice }: { serverUrl: string; notice?: string }) {
  const client = useTRPCClient();
  const keychain = useSession((state) => state.keychain);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const login = useMutation({
    mutationFn: (input: { email: string; password: string }) => signIn(client, input),
    onError: () => {
      setPassword('');
      passwordRef.current?.focus();
    },
  });

  // The desk's usual first move.
  useEffect(() => emailRef.current?.focus(), []);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: FieldErrors = {};
    if (!email.trim()) errors.email = 'Enter your email address.';
    if (!password) errors.password = 'Enter your password.';
    setFieldErrors(errors);
    if (errors.email) return emailRef.current?.focus();
    if (errors.password) return passwordRef.current?.focus();
    login.mutate({ email: email.trim(), password });
  }

  return (
    <main id="main" className="centered" tabIndex={-1}>
      <section className="card login-card" aria-labelledby="login-title">
        <p className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            ◉
          </span>
          ClubOS <span className="brand-sub">Mission Control</span>
        </p>
        <h1 id="login-title" className="card-title">
          Sign in
        </h1>
        {notice && (
          <div className="notice notice-info" role="status">
            <p>{notice}</p>
          </div>
        )}
        {keychain && !keychain.available && (
          <div className="notice notice-warning" data-testid="keychain-notice">
            <p>
              The system keychain is unavailable ({keychain.reason}), so you will need to sign in each time
              the app starts.
            </p>
          </div>
        )}
        {login.error && (
          <div className="notice notice-error" role="alert" data-testid="login-error">
            <p>
              <span aria-hidden="true">⚠ </span>
              {describeError(login.error, serverUrl)}
            </p>
          </div>
        )}
        <LoginServer serverUrl={serverUrl} />
        <form className="form" aria-labelledby="login-title" noValidate onSubmit={onSubmit}>
          <Field
            id="login-email"
            label="Email"
            type="email"
            autoComplete="username"
            spellCheck={false}
            value={email}
            error={fieldErrors.email}
            inputRef={emailRef}
            onChange={(event) => setEmail(event.target.value)}
          />
          <Field
            id="login-password"
            label="Password"
            type="password"
            autoComplete="current-password"
            value={password}
            error={fieldErrors.password}
            inputRef={passwordRef}
            onChange={(event) => setPassword(event.target.value)}
          />
          <button type="submit" className="button button-wide" disabled={login.isPending}>
            {login.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </section>
    </main>
  );
}
