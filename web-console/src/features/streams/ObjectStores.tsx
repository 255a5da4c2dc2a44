// Object Store buckets and their objects.
import { api, call } from "../../api/client";
import { Link, path } from "../../app/router";
import { useLoad } from "../../components/async";
import { bytes, count, when } from "../../components/format";
import { Page } from "../../components/ui";
import { JetStreamLoaded } from "./JetStreamState";
import { DataTable } from "../../components/DataTable";

export function ObjectStores({ account }: { account: string }) {
  const load = useLoad(() => call(api.GET("/api/v1/accounts/{account}/object-stores", { params: { path: { account }, query: { size: 500 } } })), [account]);
  return (
    <Page title="Object stores">
      <JetStreamLoaded load={load} isEmpty={(d) => (d.items ?? []).length === 0} empty={<p>No object stores.</p>}>
          {(d) => (
            <DataTable
              caption="Object stores"
              rows={d.items ?? []}
              rowKey={(b) => b.bucket}
              columns={[
                { header: "Bucket", cell: (b) => <Link href={path`/accounts/${account}/object-stores/${b.bucket!}`}>{b.bucket}</Link> },
                { header: "Objects", cell: (b) => count(b.objects) },
                { header: "Size", cell: (b) => bytes(b.bytes) },
              ]}
            />
          )}
        </JetStreamLoaded>
    </Page>
  );
}

export function Objects({ account, bucket }: { account: string; bucket: string }) {
  const load = useLoad(() => call(api.GET("/api/v1/accounts/{account}/object-stores/{bucket}", { params: { path: { account, bucket }, query: { size: 500 } } })), [account, bucket]);
  return (
    <Page title={`Object store ${bucket}`}>
      <JetStreamLoaded load={load} isEmpty={(d) => (d.items ?? []).length === 0} empty={<p>The bucket holds no objects.</p>}>
          {(d) => (
            <DataTable
              caption={`Objects in ${bucket}`}
              rows={d.items ?? []}
              rowKey={(o) => o.name}
              columns={[
                {
                  header: "Name",
                  cell: (o) => (
                    <>
                      {o.name}
                      {o.description && <div>{o.description}</div>}
                    </>
                  ),
                },
                { header: "Size", cell: (o) => bytes(o.size) },
                { header: "Chunks", cell: (o) => o.chunks },
                { header: "Modified", cell: (o) => when(o.modified) },
                { header: "Digest", cell: (o) => <code>{o.digest}</code> },
              ]}
            />
          )}
        </JetStreamLoaded>
      <p>
        <Link href={path`/accounts/${account}/object-stores`}>Back to object stores</Link>
      </p>
    </Page>
  );
}
