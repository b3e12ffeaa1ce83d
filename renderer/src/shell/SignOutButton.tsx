import { useMutation } from '@tanstack/react-query';
import { useTRPCClient } from '../api/trpc.ts';
import { signOut } from '../state/sessionActions.ts';

export function SignOutButton({ serverUrl, className }: { serverUrl: string; className?: string }) {
  const client = useTRPCClient();
  const signingOut = useMutation({ mutationFn: () => signOut(client, serverUrl) });
  return (
    <button
      type="button"
      className={className ?? 'button button-secondary'}
      disabled={signingOut.isPending}
      onClick={() => signingOut.mutate()}
    >
      {signingOut.isPending ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
