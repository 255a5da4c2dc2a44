// An operator-admin invites a tenant's admin or viewer: the link is shown once, to send to them.
import { useState } from "preact/hooks";
import { api, ApiError, call } from "../../api/client";
import { toApiError } from "../../components/async";
import { Field, ProblemMessage, TextField } from "../../components/ui";

export function InviteForm({ account }: { account: string }) {
  const [role, setRole] = useState("account-admin");
  const [note, setNote] = useState("");
  const [hours, setHours] = useState("72");
  const [link, setLink] = useState<string>();
  const [error, setError] = useState<ApiError>();
  async function invite(e: Event) {
    e.preventDefault();
    setError(undefined);
    try {
      const made = await call(api.POST("/api/v1/invitations", { body: { account, role, note: note || undefined, ttlHours: Number(hours) } }));
      setLink(location.origin + made.link);
    } catch (err) {
      setError(toApiError(err));
    }
  }
  return (
    <form class="form" onSubmit={invite} aria-label="Invite to this account">
      {error && <ProblemMessage error={error} />}
      <div class="inline-fields">
        <Field label="Invite as">
          {(id) => (
            <select id={id} value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value)}>
              <option value="account-admin">account-admin</option>
              <option value="account-viewer">account-viewer</option>
            </select>
          )}
        </Field>
        <TextField label="For (a note)" value={note} onInput={setNote} error={error?.field("note")} />
        <TextField label="Valid for (hours)" type="number" min={1} value={hours} onInput={setHours} error={error?.field("ttlHours")} />
        <button type="submit">Create invitation link</button>
      </div>
      {link && (
        <div class="creds-once" role="region" aria-label="New invitation">
          <p>Send this link to the invitee; it works once and is shown only now.</p>
          <input class="link" readOnly aria-label="Invitation link" value={link} onFocus={(e) => (e.target as HTMLInputElement).select()} />
          <button type="button" onClick={() => void navigator.clipboard?.writeText(link)}>
            Copy
          </button>
        </div>
      )}
    </form>
  );
}
