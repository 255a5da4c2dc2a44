// The signed-in user's API tokens, for scripts and CI: the secret is shown once, when it is made.
import { useState } from "preact/hooks";
import { api, ApiError, call } from "../../api/client";
import { Loaded, toApiError, useLoad } from "../../components/async";
import { when } from "../../components/format";
import { ConfirmButton, Page, ProblemMessage, TextField } from "../../components/ui";
import { DataTable } from "../../components/DataTable";

export function ApiTokens() {
  const load = useLoad(() => call(api.GET("/api/v1/tokens", { params: { query: { size: 500 } } })), []);
  const [name, setName] = useState("");
  const [days, setDays] = useState("30");
  const [secret, setSecret] = useState<string>();
  const [error, setError] = useState<ApiError>();
  async function create(e: Event) {
    e.preventDefault();
    setError(undefined);
    try {
      const made = (await call(api.POST("/api/v1/tokens", { body: { name, ttl: days ? Number(days) * 86400 : undefined } }))) as { token?: string };
      setSecret(made.token);
      setName("");
      load.reload();
    } catch (err) {
      setError(toApiError(err));
    }
  }
  async function remove(id: number) {
    try {
      await call(api.DELETE("/api/v1/tokens/{id}", { params: { path: { id } } }));
      load.reload();
    } catch (err) {
      setError(toApiError(err));
    }
  }
  return (
    <Page title="API tokens">
      <p>API tokens act as you, with your role, for the CLI and scripts (Authorization: Bearer).</p>
      {secret && (
        <div class="creds-once" role="region" aria-label="New token">
          <p>Copy the token now: it is not shown again.</p>
          <pre>
            <code>{secret}</code>
          </pre>
        </div>
      )}
      <Loaded load={load} isEmpty={(d) => (d.items ?? []).length === 0} empty={<p>You have no API tokens.</p>}>
        {(d) => (
          <DataTable
            caption="API tokens"
            rows={d.items ?? []}
            rowKey={(t) => t.id}
            columns={[
              { header: "Name", cell: (t) => t.name },
              { header: "Prefix", cell: (t) => <code>{t.prefix}…</code> },
              { header: "Created", cell: (t) => when(t.createdAt) },
              { header: "Expires", cell: (t) => (t.expiresAt ? when(t.expiresAt) : "never") },
              { header: "Last used", cell: (t) => (t.lastUsedAt ? when(t.lastUsedAt) : "never") },
              {
                header: "Actions",
                hidden: true,
                cell: (t) => <ConfirmButton label="Delete" danger question={`Delete token ${t.name}?`} onConfirm={() => void remove(t.id!)} />,
              },
            ]}
          />
        )}
      </Loaded>
      <h2>New token</h2>
      <form class="form" onSubmit={create}>
        {error && <ProblemMessage error={error} />}
        <TextField label="Token name" value={name} onInput={setName} required error={error?.field("name")} />
        <TextField label="Lifetime (days)" type="number" min={1} value={days} onInput={setDays} hint="empty: no expiry" error={error?.field("ttl")} />
        <div class="form-actions">
          <button type="submit" class="primary">
            Create token
          </button>
        </div>
      </form>
    </Page>
  );
}
