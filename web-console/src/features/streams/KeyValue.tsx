// Key/Value buckets, their keys (latest value, deleted ones marked) and a key's history.
import { api, call, type Schemas } from "../../api/client";
import { Link, path, setQuery, useLocation } from "../../app/router";
import { useLoad } from "../../components/async";
import { bytes, count, when } from "../../components/format";
import { Page, Pager } from "../../components/ui";
import { JetStreamLoaded } from "./JetStreamState";
import { DataTable } from "../../components/DataTable";

export function KvBuckets({ account }: { account: string }) {
  const load = useLoad(() => call(api.GET("/api/v1/accounts/{account}/kv", { params: { path: { account }, query: { size: 500 } } })), [account]);
  return (
    <Page title="Key/Value">
      <JetStreamLoaded load={load} isEmpty={(d) => (d.items ?? []).length === 0} empty={<p>No Key/Value buckets.</p>}>
          {(d) => (
            <DataTable
              caption="Key/Value buckets"
              rows={d.items ?? []}
              rowKey={(b) => b.bucket}
              columns={[
                { header: "Bucket", cell: (b) => <Link href={path`/accounts/${account}/kv/${b.bucket!}`}>{b.bucket}</Link> },
                { header: "Keys", cell: (b) => count(b.keys) },
                { header: "Values kept", cell: (b) => count(b.values) },
                { header: "Size", cell: (b) => bytes(b.bytes) },
                { header: "History", cell: (b) => b.history },
                { header: "TTL", cell: (b) => (b.ttlSeconds ? `${b.ttlSeconds} s` : "none") },
              ]}
            />
          )}
        </JetStreamLoaded>
    </Page>
  );
}

const SIZE = 50;

export function KvKeys({ account, bucket }: { account: string; bucket: string }) {
  const page = Number(useLocation().query.get("page") ?? "0") || 0;
  const load = useLoad(
    () => call(api.GET("/api/v1/accounts/{account}/kv/{bucket}", { params: { path: { account, bucket }, query: { page, size: SIZE } } })),
    [account, bucket, page],
  );
  return (
    <Page title={`Bucket ${bucket}`}>
      <JetStreamLoaded load={load} isEmpty={(d) => (d.items ?? []).length === 0} empty={<p>The bucket has no keys.</p>}>
          {(d) => (
            <>
              <DataTable
                caption={`Keys of ${bucket}`}
                rows={d.items ?? []}
                rowKey={(e) => e.key}
                rowClass={(e) => (e.operation !== "PUT" ? "deleted" : undefined)}
                columns={[
                  { header: "Key", cell: (e) => <Link href={path`/accounts/${account}/kv/${bucket}/${e.key!}`}>{e.key}</Link> },
                  { header: "Value", cell: (e) => <EntryValue entry={e} /> },
                  { header: "Revision", cell: (e) => e.revision },
                  { header: "Changed", cell: (e) => when(e.created) },
                ]}
              />
              <Pager page={page} size={SIZE} total={d.total ?? 0} onPage={(p) => setQuery({ page: p })} />
            </>
          )}
        </JetStreamLoaded>
    </Page>
  );
}

export function KvHistory({ account, bucket, keyName }: { account: string; bucket: string; keyName: string }) {
  const load = useLoad(() => call(api.GET("/api/v1/accounts/{account}/kv/{bucket}/{key}", { params: { path: { account, bucket, key: keyName } } })), [account, bucket, keyName]);
  return (
    <Page title={`${bucket} / ${keyName}`}>
      {load.error?.problem.status === 404 ? (
        <p>No key {keyName} in this bucket.</p>
      ) : (
        <JetStreamLoaded load={load}>
          {(history) => (
            <DataTable
              caption={`History of ${keyName}, newest first`}
              showCaption
              rows={history}
              rowKey={(e) => e.revision}
              columns={[
                { header: "Revision", cell: (e) => e.revision },
                { header: "Operation", cell: (e) => e.operation },
                { header: "Value", cell: (e) => <EntryValue entry={e} /> },
                { header: "When", cell: (e) => when(e.created) },
              ]}
            />
          )}
        </JetStreamLoaded>
      )}
      <p>
        <Link href={path`/accounts/${account}/kv/${bucket}`}>Back to {bucket}</Link>
      </p>
    </Page>
  );
}

/** A value as text, "binary" with its size, or what removed it. */
function EntryValue({ entry }: { entry: Schemas["KvEntryView"] }) {
  if (entry.operation !== "PUT") return <em>{entry.operation === "DEL" ? "deleted" : "purged"}</em>;
  return <code class="data">{entry.text ?? `binary, ${bytes(entry.size)}`}</code>;
}
