/**
 * The first thing Tab reaches. A button that moves focus, not a `#main` link, because the hash is
 * the app's router (`#main` would be read as a screen).
 */
export function SkipLink() {
  return (
    <button type="button" className="skip-link" onClick={() => document.getElementById('main')?.focus()}>
      Skip to main content
    </button>
  );
}
