// An account at a glance: what it is, its limits (editable by an operator-admin), and whether every node of its
// clusters has its current JWT (refreshed live).
import { useState } from "preact/hooks";
import { api, ApiError, call, type Schemas } from "../../api/client";
import { useSession } from "../../app/session";
import { Loaded, toApiError, useLoad } from "../../components/async";
import { bytes, count, when } from "../../components/format";
import { Facts, Field, Meter, Page, ProblemMessage } from "../../components/ui";
import { InviteForm } from "../invitations/InviteForm";
import { useAccount, type Account } from "./AccountLayout";
import { DataTable } from "../../components/DataTable";

type Limits = Schemas["AccountLimits"];

const LIMITS: { key: keyof Limits; label: string; size?: boolean }[] = [
  { key: "conn", label: "Connections" },
  { key: "subs", label: "Subscriptions" },
  { key: "payload", label: "Max payload", size: true },
  { key: "data", label: "Data in flight", size: true },
  { key: "imports", label: "Imports" },
  { key: "exports", label: "Exports" },
  { key: "leaf", label: "Leaf node connections" },
  { key: "memoryStorage", label: "JetStream memory storage", size: true },
  { key: "diskStorage", label: "JetStream file storage", size: true },
  { key: "streams", label: "Streams" },
  { key: "consumers", label: "Consumers" },
  { key: "maxAckPending", label: "Max ack pending" },
];

export function AccountOverview({ account }: { account: string }) {
  const load = useAccount();
  const a = load.data!;
  const session = useSession();
  const [editing, setEditing] = useState(false);
  const usage = useLoad(() => call(api.GET("/api/v1/accounts/{account}/usage", { params: { path: { account } } })), [account], 5000);
  const push = useLoad(() => call(api.GET("/api/v1/accounts/{name}/push-status", { params: { path: { name: account } } })), [account], 5000);
  return (
    <Page title={account} actions={session.isOperatorAdmin && !editing && <button type="button" onClick={() => setEditing(true)}>Edit limits</button>}>
      <Facts
        items={[
          ["Description", a.description],
          ["Public key", <code>{a.publicKey}</code>],
          ["Tags", (a.tags ?? []).join(", ") || "—"],
          ["Clusters", (a.clusters ?? []).join(", ") || "all clusters"],
          ["Created", when(a.createdAt)],
          ["Version", a.version],
        ]}
      />
      <h2>Usage now</h2>
      {usage.error && !usage.data ? (
        <p class="empty">{usage.error.problem.code === "no-node" ? "No node holds this account yet, so there is no usage to show." : usage.error.message}</p>
      ) : (
        <Loaded load={usage}>
          {(u) => (
            <div class="meters">
              <Meter label="Connections" used={u.connections} limit={a.limits?.conn} format={count} />
              <Meter label="Subscriptions" used={u.subscriptions} limit={a.limits?.subs} format={count} />
              {u.jetStream ? (
                <>
                  <Meter label="JetStream file storage" used={u.jetStream.storage} limit={a.limits?.diskStorage} format={bytes} />
                  <Meter label="JetStream memory storage" used={u.jetStream.memory} limit={a.limits?.memoryStorage} format={bytes} />
                  <Meter label="Streams" used={u.jetStream.streams} limit={a.limits?.streams} format={count} />
                  <Meter label="Consumers" used={u.jetStream.consumers} limit={a.limits?.consumers} format={count} />
                </>
              ) : (
                <p>JetStream is not enabled for this account.</p>
              )}
              <p class="hint">
                Since the nodes started: {count(u.messagesIn)} messages in ({bytes(u.bytesIn)}), {count(u.messagesOut)} out ({bytes(u.bytesOut)}), from {u.nodes} node(s).
              </p>
            </div>
          )}
        </Loaded>
      )}
      <h2>Limits</h2>
      {editing ? (
        <LimitsEditor
          account={a}
          onDone={(changed) => {
            setEditing(false);
            if (changed) load.reload();
          }}
        />
      ) : (
        <table class="limits">
          <caption class="sr-only">Limits</caption>
          <tbody>
            {LIMITS.map((l) => (
              <tr key={l.key}>
                <th scope="row">{l.label}</th>
                <td>{l.size ? bytes(a.limits?.[l.key] as number) : count(a.limits?.[l.key] as number)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {session.isOperatorAdmin && (
        <>
          <h2>Invite the tenant</h2>
          <InviteForm account={account} />
        </>
      )}
      <h2>Push status</h2>
      <Loaded load={push} isEmpty={(p) => (p.nodes ?? []).length === 0} empty={<p>No cluster is registered yet: the account's JWT has no node to go to.</p>}>
        {(p) => (
          <DataTable
            caption="Push status per node"
            rows={p.nodes ?? []}
            rowKey={(n) => `${n.cluster} ${n.url}`}
            columns={[
              { header: "Cluster", cell: (n) => n.cluster },
              { header: "Node", cell: (n) => n.url },
              { header: "Connected", cell: (n) => (n.connected ? "yes" : "no") },
              { header: "State", cell: (n) => <span class={`state state-${n.state}`}>{n.state}</span> },
              { header: "Since", cell: (n) => when(n.at) },
              { header: "Error", cell: (n) => n.error ?? "" },
            ]}
          />
        )}
      </Loaded>
    </Page>
  );
}

/** The account's limits as numbers (-1: unlimited), saved with the version that was read (If-Match). */
function LimitsEditor({ account, onDone }: { account: Account; onDone: (changed: boolean) => void }) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(LIMITS.map((l) => [l.key, String(account.limits?.[l.key] ?? -1)])),
  );
  const [error, setError] = useState<ApiError>();
  async function save(e: Event) {
    e.preventDefault();
    const limits: Limits = { ...account.limits };
    for (const l of LIMITS) (limits as Record<string, unknown>)[l.key] = Number(values[l.key]);
    try {
      await call(
        api.PATCH("/api/v1/accounts/{name}", {
          params: { path: { name: account.name! } },
          headers: { "If-Match": `"${account.version}"` },
          body: { limits },
        }),
      );
      onDone(true);
    } catch (err) {
      setError(toApiError(err));
    }
  }
  return (
    <form class="grid-form" onSubmit={save}>
      {error && <ProblemMessage error={error} />}
      {LIMITS.map((l) => (
        <Field key={l.key} label={`${l.label}${l.size ? " (bytes)" : ""}`} error={error?.field(`limits.${l.key}`)} hint="-1 for unlimited">
          {(id, describedBy) => (
            <input
              id={id}
              type="number"
              min={-1}
              value={values[l.key]}
              aria-describedby={describedBy}
              onInput={(e) => setValues({ ...values, [l.key]: (e.target as HTMLInputElement).value })}
            />
          )}
        </Field>
      ))}
      <div class="form-actions">
        <button type="submit" class="primary">
          Save limits
        </button>
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
