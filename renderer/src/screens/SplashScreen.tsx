/** Before anything else can show: starting up, or checking a saved sign-in. */
export function SplashScreen({ title, message }: { title: string; message?: string }) {
  return (
    <main id="main" className="centered" tabIndex={-1}>
      <div className="card" role="status">
        <h1 className="card-title">{title}</h1>
        {message && <p>{message}</p>}
      </div>
    </main>
  );
}
