import { api, call } from "../../api/client";
import { Link, path } from "../../app/router";
import { useLoad } from "../../components/async";
import { bytes, count, when } from "../../components/format";
import { Page } from "../../components/ui";
import { JetStreamProblem } from "./JetStreamState";

/** The account's streams, read from its node. */
export function StreamList({ account }: { account: string }) {
  const load = useLoad(() => call(api.GET("/api/v1/accounts/{account}/streams", { params: { path: { account }, query: { size: 500 } } })), [account], 10_000);
  return (
    <Page title="Streams">
      {load.error && !load.data ? (
        <JetStreamProblem error={load.error} />
      ) : !load.data ? (
        <p class="loading" role="status">
          Loading…
        </p>
      ) : (load.data.items ?? []).length === 0 ? (
        <div class="empty">
          <p>No streams yet. Create one with any NATS client, for example:</p>
          <pre>
            <code>nats --creds app.creds stream add ORDERS --subjects 'orders.&gt;' --defaults</code>
          </pre>
        </div>
      ) : (
        <table>
          <caption class="sr-only">Streams</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Subjects</th>
              <th scope="col">Messages</th>
              <th scope="col">Size</th>
              <th scope="col">Consumers</th>
              <th scope="col">Storage</th>
              <th scope="col">Last message</th>
            </tr>
          </thead>
          <tbody>
            {load.data.items!.map((s) => (
              <tr key={s.name}>
                <td>
                  <Link href={path`/accounts/${account}/streams/${s.name!}`}>{s.name}</Link>
                </td>
                <td>
                  <code>{(s.subjects ?? []).join(", ")}</code>
                </td>
                <td>{count(s.messages)}</td>
                <td>{bytes(s.bytes)}</td>
                <td>{s.consumers}</td>
                <td>
                  {s.storage}, R{s.replicas}
                </td>
                <td>{when(s.lastTime)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
