// The page an invitation link opens (/invite#<token>: the token stays out of server logs): what it is for,
// then a username and password, and the invitee is signed in and lands in their account.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, call, type Me, type Schemas } from "../../api/client";
import { toApiError } from "../../components/async";
import { when } from "../../components/format";
import { ProblemMessage, TextField } from "../../components/ui";

export function AcceptInvitation({ onAccepted }: { onAccepted: (me: Me) => void }) {
  const token = location.hash.slice(1);
  const [info, setInfo] = useState<Schemas["InvitationInfo"]>();
  const [closed, setClosed] = useState<ApiError>();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    document.title = "Invitation · Tributary";
    if (!token) {
      setClosed(new ApiError({ status: 404, title: "Not Found", detail: "the link has no invitation in it" }));
      return;
    }
    call(api.POST("/api/v1/auth/invitation", { body: { token } })).then(setInfo, (e) => setClosed(toApiError(e)));
  }, [token]);

  async function accept(e: Event) {
    e.preventDefault();
    setError(undefined);
    try {
      onAccepted(await call(api.POST("/api/v1/auth/invitation/accept", { body: { token, username, password } })));
    } catch (err) {
      setError(toApiError(err));
    }
  }

  const mismatch = repeat && repeat !== password ? "the passwords differ" : undefined;
  return (
    <main class="sign-in">
      {closed ? (
        <div class="invitation" role="alert">
          <h1>This invitation cannot be used</h1>
          <p>{closed.problem.status === 404 ? "It does not exist or was revoked." : closed.problem.detail}</p>
          <p>Ask whoever invited you for a new link.</p>
        </div>
      ) : !info ? (
        <p class="loading" role="status">
          Loading…
        </p>
      ) : (
        <form onSubmit={accept} aria-labelledby="invitation-title">
          <h1 id="invitation-title">Join {info.account}</h1>
          <p>
            {info.invitedBy} invited you to the account <strong>{info.account}</strong> as <strong>{info.role}</strong>. The link works once, until{" "}
            {when(info.expiresAt)}.
          </p>
          {error && <ProblemMessage error={error} />}
          <TextField label="Choose a username" value={username} onInput={setUsername} autoComplete="username" required autoFocus error={error?.field("username")} />
          <TextField label="Choose a password" type="password" value={password} onInput={setPassword} autoComplete="new-password" required hint="at least 12 characters" error={error?.field("password")} />
          <TextField label="Repeat the password" type="password" value={repeat} onInput={setRepeat} autoComplete="new-password" required error={mismatch} />
          <button type="submit" class="primary" disabled={!username || password.length < 12 || repeat !== password}>
            Join {info.account}
          </button>
        </form>
      )}
    </main>
  );
}
