import { api, call } from "../../api/client";
import { Link, path } from "../../app/router";
import { useLoad } from "../../components/async";
import { bytes, count, when } from "../../components/format";
import { Page } from "../../components/ui";
import { JetStreamLoaded } from "./JetStreamState";
import { DataTable } from "../../components/DataTable";

/** The account's streams, read from its node. */
export function StreamList({ account }: { account: string }) {
  const load = useLoad(() => call(api.GET("/api/v1/accounts/{account}/streams", { params: { path: { account }, query: { size: 500 } } })), [account], 10_000);
  return (
    <Page title="Streams">
      <JetStreamLoaded
        load={load}
        isEmpty={(d) => (d.items ?? []).length === 0}
        empty={
          <>
            <p>No streams yet. Create one with any NATS client, for example:</p>
            <pre>
              <code>nats --creds app.creds stream add ORDERS --subjects 'orders.&gt;' --defaults</code>
            </pre>
          </>
        }
      >
        {(d) => (
          <DataTable
            caption="Streams"
            rows={d.items ?? []}
            rowKey={(s) => s.name}
            columns={[
              { header: "Name", cell: (s) => <Link href={path`/accounts/${account}/streams/${s.name!}`}>{s.name}</Link> },
              { header: "Subjects", cell: (s) => <code>{(s.subjects ?? []).join(", ")}</code> },
              { header: "Messages", cell: (s) => count(s.messages) },
              { header: "Size", cell: (s) => bytes(s.bytes) },
              { header: "Consumers", cell: (s) => s.consumers },
              { header: "Storage", cell: (s) => `${s.storage}, R${s.replicas}` },
              { header: "Last message", cell: (s) => when(s.lastTime) },
            ]}
          />
        )}
      </JetStreamLoaded>
    </Page>
  );
}
