// Clusters and, refreshed live, every node's connection and push state.
import { useState } from "preact/hooks";
import { api, ApiError, call } from "../../api/client";
import { Loaded, toApiError, useLoad } from "../../components/async";
import { bytes, count, when } from "../../components/format";
import { Page, ProblemMessage, TextField } from "../../components/ui";

export function Clusters() {
  const load = useLoad(() => call(api.GET("/api/v1/clusters", { params: { query: { size: 500 } } })), []);
  const [name, setName] = useState("");
  const [urls, setUrls] = useState("");
  const [error, setError] = useState<ApiError>();
  async function register(e: Event) {
    e.preventDefault();
    try {
      await call(api.POST("/api/v1/clusters", { body: { name, urls: urls.split(/[\s,]+/).filter(Boolean) } }));
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
          <table>
            <caption class="sr-only">Nodes of {name}</caption>
            <thead>
              <tr>
                <th scope="col">Node</th>
                <th scope="col">Connected</th>
                <th scope="col">Accounts current</th>
                <th scope="col">Pending</th>
                <th scope="col">Errors</th>
              </tr>
            </thead>
            <tbody>
              {(s.nodes ?? []).map((n) => (
                <tr key={n.url}>
                  <td>{n.url}</td>
                  <td>
                    <span class={`state state-${n.connected ? "current" : "failed"}`}>{n.connected ? "connected" : "disconnected"}</span>
                  </td>
                  <td>
                    {n.current} of {n.accounts}
                  </td>
                  <td>{n.pending}</td>
                  <td>{[...(n.errors ?? []), n.link?.message ?? ""].filter(Boolean).join("; ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
      <Loaded load={metrics} isEmpty={(m) => m.length === 0} empty={<p>No node reports its figures now.</p>}>
        {(m) => (
          <table>
            <caption>Node figures, live</caption>
            <thead>
              <tr>
                <th scope="col">Node</th>
                <th scope="col">Version</th>
                <th scope="col">Connections</th>
                <th scope="col">Subscriptions</th>
                <th scope="col">CPU</th>
                <th scope="col">Memory</th>
                <th scope="col">Messages in / out</th>
                <th scope="col">Data in / out</th>
                <th scope="col">Slow consumers</th>
                <th scope="col">Up since</th>
              </tr>
            </thead>
            <tbody>
              {m.map((n) => (
                <tr key={n.serverId}>
                  <td>{n.name}</td>
                  <td>{n.version}</td>
                  <td>{count(n.connections)}</td>
                  <td>{count(n.subscriptions)}</td>
                  <td>{n.cpu?.toFixed(1)} %</td>
                  <td>{bytes(n.memory)}</td>
                  <td>
                    {count(n.inMsgs)} / {count(n.outMsgs)}
                  </td>
                  <td>
                    {bytes(n.inBytes)} / {bytes(n.outBytes)}
                  </td>
                  <td>{count(n.slowConsumers)}</td>
                  <td>{when(n.start)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </section>
  );
}
