// Clusters and, refreshed live, every node's connection and push state.
import { useState } from "preact/hooks";
import { api, ApiError, call } from "../../api/client";
import { Loaded, toApiError, useLoad } from "../../components/async";
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
    </section>
  );
}
