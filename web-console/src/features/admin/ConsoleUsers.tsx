// Console users and their roles (operator-admin only).
import { useState } from "preact/hooks";
import { api, ApiError, call } from "../../api/client";
import { useSession } from "../../app/session";
import { Loaded, toApiError, useLoad } from "../../components/async";
import { when } from "../../components/format";
import { ConfirmButton, Field, Page, ProblemMessage, TextField } from "../../components/ui";
import { Invitations } from "../invitations/Invitations";
import { listOf } from "../../lib/lists";
import { DataTable } from "../../components/DataTable";

const ROLES = ["account-admin", "account-viewer", "operator-admin"];

export function ConsoleUsers() {
  const me = useSession().me.username;
  const load = useLoad(() => call(api.GET("/api/v1/console-users", { params: { query: { size: 500 } } })), []);
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState("account-admin");
  const [accounts, setAccounts] = useState("");
  const [error, setError] = useState<ApiError>();
  async function create(e: Event) {
    e.preventDefault();
    setError(undefined);
    try {
      await call(
        api.POST("/api/v1/console-users", {
          body: { username, password, role, accounts: role === "operator-admin" ? undefined : listOf(accounts) },
        }),
      );
      setUsername("");
      setPassword("");
      setAccounts("");
      load.reload();
    } catch (err) {
      setError(toApiError(err));
    }
  }
  async function remove(name: string) {
    try {
      await call(api.DELETE("/api/v1/console-users/{username}", { params: { path: { username: name } } }));
      load.reload();
    } catch (err) {
      setError(toApiError(err));
    }
  }
  return (
    <Page title="Console users">
      <Loaded load={load} isEmpty={(d) => (d.items ?? []).length === 0} empty={<p>No console users.</p>}>
        {(d) => (
          <DataTable
            caption="Console users"
            rows={d.items ?? []}
            rowKey={(u) => u.username}
            columns={[
              { header: "Username", cell: (u) => u.username },
              { header: "Role", cell: (u) => u.role },
              { header: "Accounts", cell: (u) => (u.accounts ?? []).join(", ") || (u.role === "operator-admin" ? "all" : "—") },
              { header: "Created", cell: (u) => when(u.createdAt) },
              {
                header: "Actions",
                hidden: true,
                cell: (u) => u.username !== me && <ConfirmButton label="Delete" danger question={`Delete ${u.username}?`} onConfirm={() => void remove(u.username!)} />,
              },
            ]}
          />
        )}
      </Loaded>
      <Loaded load={load}>{(d) => <ChangeRole users={(d.items ?? []).map((u) => u.username!).filter((u) => u !== me)} onChanged={load.reload} />}</Loaded>
      <Invitations />
      <h2>Add a console user</h2>
      <form class="form" onSubmit={create}>
        {error && <ProblemMessage error={error} />}
        <TextField label="Username" value={username} onInput={setUsername} required autoComplete="off" error={error?.field("username")} />
        <TextField label="Initial password" type="password" value={password} onInput={setPassword} required autoComplete="new-password" hint="at least 12 characters" error={error?.field("password")} />
        <RoleFields labels={["Role", "Accounts"]} role={role} setRole={setRole} accounts={accounts} setAccounts={setAccounts} error={error} />
        <div class="form-actions">
          <button type="submit" class="primary">
            Add user
          </button>
        </div>
      </form>
    </Page>
  );
}

/** Gives a console user another role or other accounts (their sessions keep working under the new grant). */
function ChangeRole({ users, onChanged }: { users: string[]; onChanged: () => void }) {
  const [username, setUsername] = useState("");
  const [role, setRole] = useState("account-admin");
  const [accounts, setAccounts] = useState("");
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  async function change(e: Event) {
    e.preventDefault();
    setError(undefined);
    try {
      await call(
        api.PATCH("/api/v1/console-users/{username}", {
          params: { path: { username } },
          body: { role, accounts: role === "operator-admin" ? [] : listOf(accounts) },
        }),
      );
      setDone(`${username} is now ${role}.`);
      onChanged();
    } catch (err) {
      setError(toApiError(err));
    }
  }
  if (users.length === 0) return null;
  return (
    <>
      <h2>Change a role</h2>
      <form class="form" onSubmit={change}>
        {error && <ProblemMessage error={error} />}
        {done && (
          <p class="notice" role="status">
            {done}
          </p>
        )}
        <div class="inline-fields">
          <Field label="Console user">
            {(id) => (
              <select id={id} value={username} onChange={(e) => setUsername((e.target as HTMLSelectElement).value)}>
                <option value="">Choose…</option>
                {users.map((u) => (
                  <option key={u}>{u}</option>
                ))}
              </select>
            )}
          </Field>
          <RoleFields labels={["New role", "Of accounts"]} role={role} setRole={setRole} accounts={accounts} setAccounts={setAccounts} error={error} />
          <button type="submit" disabled={!username}>
            Change role
          </button>
        </div>
      </form>
    </>
  );
}

type RoleFieldsProps = {
  labels: [string, string];
  role: string;
  setRole: (r: string) => void;
  accounts: string;
  setAccounts: (a: string) => void;
  error?: ApiError;
};

/** A role, and the accounts it is for unless it is operator-admin (which has them all). */
function RoleFields({ labels: [roleLabel, accountsLabel], role, setRole, accounts, setAccounts, error }: RoleFieldsProps) {
  return (
    <>
      <Field label={roleLabel} error={error?.field("role")}>
        {(id) => (
          <select id={id} value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value)}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        )}
      </Field>
      {role !== "operator-admin" && <TextField label={accountsLabel} value={accounts} onInput={setAccounts} hint="comma-separated account names" error={error?.field("accounts")} />}
    </>
  );
}
