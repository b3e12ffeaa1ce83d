import { useSession } from '../state/session.ts';

/** Shown after sign-in when the token could not be kept: the next start will ask again. */
export function KeychainNotice() {
  const notice = useSession((state) => state.keychainNotice);
  if (!notice) return null;
  return (
    <div className="notice notice-warning" role="status">
      <p>{notice}</p>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => useSession.setState({ keychainNotice: null })}
      >
        Dismiss
      </button>
    </div>
  );
}
