// Clusters and, refreshed live, every node's connection and push state.
import { useState } from "preact/hooks";
import { api, ApiError, call } from "../../api/client";
import { Loaded, toApiError, useLoad } from "../../components/async";
import { bytes, count, when } from "../../components/format";
import { Page, ProblemMessage, TextField } from "../../components/ui";
import { listOf } from "../../lib/lists";
import { DataTable } from "../../components/DataTable";

export function Clusters() {
  const load = useLoad(() => call(api.GET("/api/v1/clusters", { params: { query: { size: 500 } } })), []);
  const [name, setName] = useState("");
  const [urls, setUrls] = useState("");
  const [error, setError] = useState<ApiError>();
  async function register(e: Event) {
    e.preventDefault();
    try {
      await call(api.POST("/api/v1/clusters", { body: { name, urls: listOf(urls, /[\s,]+/) } }));
      setName("");
      setUrls("");
      setError(undefined);
      load.reload();
    } catch (err) {
      setError(toApiError(err));
    }
  }
  return (
    <Page title="Clusters">
      <Loaded load={load} isEmpty={(d) => (d.items ?? []).length === 0} empty={<p>No cluster is registered: accounts are pushed to none.</p>}>
        {(d) => (d.items ?? []).map((c) => <ClusterStatus key={c.name} name={c.name!} description={c.description} />)}
      </Loaded>
      <h2>Register a cluster</h2>
      <form class="form" onSubmit={register}>
        {error && <ProblemMessage error={error} />}
        <TextField label="Cluster name" value={name} onInput={setName} required error={error?.field("name")} />
        <TextField label="Node URLs" value={urls} onInput={setUrls} required hint="nats://host:4222, comma- or space-separated" error={error?.field("urls")} />
        <div class="form-actions">
          <button type="submit" class="primary">
            Register
          </button>
        </div>
      </form>
    </Page>
  );
}

function ClusterStatus({ name, description }: { name: string; description?: string }) {
  const status = useLoad(() => call(api.GET("/api/v1/clusters/{cluster}/status", { params: { path: { cluster: name } } })), [name], 3000);
  const metrics = useLoad(() => call(api.GET("/api/v1/clusters/{cluster}/metrics", { params: { path: { cluster: name } } })), [name], 3000);
  return (
    <section class="cluster" aria-labelledby={`cluster-${name}`}>
      <h2 id={`cluster-${name}`}>{name}</h2>
      {description && <p>{description}</p>}
      <Loaded load={status} isEmpty={(s) => (s.nodes ?? []).length === 0} empty={<p>No nodes.</p>}>
        {(s) => (
          <DataTable
            caption={`Nodes of ${name}`}
            rows={s.nodes ?? []}
            rowKey={(n) => n.url}
            columns={[
              { header: "Node", cell: (n) => n.url },
              {
                header: "Connected",
                cell: (n) => <span class={`state state-${n.connected ? "current" : "failed"}`}>{n.connected ? "connected" : "disconnected"}</span>,
              },
              { header: "Accounts current", cell: (n) => `${n.current} of ${n.accounts}` },
              { header: "Pending", cell: (n) => n.pending },
              { header: "Errors", cell: (n) => [...(n.errors ?? []), n.link?.message ?? ""].filter(Boolean).join("; ") },
            ]}
          />
        )}
      </Loaded>
      <Loaded load={metrics} isEmpty={(m) => m.length === 0} empty={<p>No node reports its figures now.</p>}>
        {(m) => (
          <DataTable
            caption="Node figures, live"
            showCaption
            rows={m}
            rowKey={(n) => n.serverId}
            columns={[
              { header: "Node", cell: (n) => n.name },
              { header: "Version", cell: (n) => n.version },
              { header: "Connections", cell: (n) => count(n.connections) },
              { header: "Subscriptions", cell: (n) => count(n.subscriptions) },
              { header: "CPU", cell: (n) => `${n.cpu?.toFixed(1)} %` },
              { header: "Memory", cell: (n) => bytes(n.memory) },
              { header: "Messages in / out", cell: (n) => `${count(n.inMsgs)} / ${count(n.outMsgs)}` },
              { header: "Data in / out", cell: (n) => `${bytes(n.inBytes)} / ${bytes(n.outBytes)}` },
              { header: "Slow consumers", cell: (n) => count(n.slowConsumers) },
              { header: "Up since", cell: (n) => when(n.start) },
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}
