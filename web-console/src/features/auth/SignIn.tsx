import { useEffect, useState } from "preact/hooks";
import { api, ApiError, call, type Me } from "../../api/client";
import { toApiError } from "../../components/async";
import { ProblemMessage, TextField } from "../../components/ui";

/** Sign-in with a console user; the session becomes an httpOnly cookie. */
export function SignIn({ onSignedIn, expired }: { onSignedIn: (me: Me) => void; expired: boolean }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = "Sign in · Tributary";
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await call(api.POST("/api/v1/auth/session", { body: { username, password } })));
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  }

  return (
    <main class="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Tributary</h1>
        {expired && !error && (
          <p class="notice" role="status">
            Your session has ended. Sign in again to go back to the page you were on.
          </p>
        )}
        {error && <ProblemMessage error={error} />}
        <TextField label="Username" value={username} onInput={setUsername} autoComplete="username" required autoFocus />
        <TextField label="Password" type="password" value={password} onInput={setPassword} autoComplete="current-password" required />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
