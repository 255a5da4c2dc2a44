// Key/Value buckets, their keys (latest value, deleted ones marked) and a key's history.
import { api, call } from "../../api/client";
import { Link, path, setQuery, useLocation } from "../../app/router";
import { Loaded, useLoad } from "../../components/async";
import { bytes, count, when } from "../../components/format";
import { Page, Pager } from "../../components/ui";
import { JetStreamProblem } from "./JetStreamState";

export function KvBuckets({ account }: { account: string }) {
  const load = useLoad(() => call(api.GET("/api/v1/accounts/{account}/kv", { params: { path: { account }, query: { size: 500 } } })), [account]);
  return (
    <Page title="Key/Value">
      {load.error && !load.data ? (
        <JetStreamProblem error={load.error} />
      ) : (
        <Loaded load={load} isEmpty={(d) => (d.items ?? []).length === 0} empty={<p>No Key/Value buckets.</p>}>
          {(d) => (
            <table>
              <caption class="sr-only">Key/Value buckets</caption>
              <thead>
                <tr>
                  <th scope="col">Bucket</th>
                  <th scope="col">Keys</th>
                  <th scope="col">Values kept</th>
                  <th scope="col">Size</th>
                  <th scope="col">History</th>
                  <th scope="col">TTL</th>
                </tr>
              </thead>
              <tbody>
                {(d.items ?? []).map((b) => (
                  <tr key={b.bucket}>
                    <td>
                      <Link href={path`/accounts/${account}/kv/${b.bucket!}`}>{b.bucket}</Link>
                    </td>
                    <td>{count(b.keys)}</td>
                    <td>{count(b.values)}</td>
                    <td>{bytes(b.bytes)}</td>
                    <td>{b.history}</td>
                    <td>{b.ttlSeconds ? `${b.ttlSeconds} s` : "none"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Loaded>
      )}
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
      {load.error && !load.data ? (
        <JetStreamProblem error={load.error} />
      ) : (
        <Loaded load={load} isEmpty={(d) => (d.items ?? []).length === 0} empty={<p>The bucket has no keys.</p>}>
          {(d) => (
            <>
              <table>
                <caption class="sr-only">Keys of {bucket}</caption>
                <thead>
                  <tr>
                    <th scope="col">Key</th>
                    <th scope="col">Value</th>
                    <th scope="col">Revision</th>
                    <th scope="col">Changed</th>
                  </tr>
                </thead>
                <tbody>
                  {(d.items ?? []).map((e) => (
                    <tr key={e.key} class={e.operation !== "PUT" ? "deleted" : undefined}>
                      <td>
                        <Link href={path`/accounts/${account}/kv/${bucket}/${e.key!}`}>{e.key}</Link>
                      </td>
                      <td>{e.operation !== "PUT" ? <em>{e.operation === "DEL" ? "deleted" : "purged"}</em> : <code class="data">{e.text ?? `binary, ${bytes(e.size)}`}</code>}</td>
                      <td>{e.revision}</td>
                      <td>{when(e.created)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager page={page} size={SIZE} total={d.total ?? 0} onPage={(p) => setQuery({ page: p })} />
            </>
          )}
        </Loaded>
      )}
    </Page>
  );
}

export function KvHistory({ account, bucket, keyName }: { account: string; bucket: string; keyName: string }) {
  const load = useLoad(() => call(api.GET("/api/v1/accounts/{account}/kv/{bucket}/{key}", { params: { path: { account, bucket, key: keyName } } })), [account, bucket, keyName]);
  return (
    <Page title={`${bucket} / ${keyName}`}>
      {load.error?.problem.status === 404 ? (
        <p>No key {keyName} in this bucket.</p>
      ) : load.error && !load.data ? (
        <JetStreamProblem error={load.error} />
      ) : (
        <Loaded load={load}>
          {(history) => (
            <table>
              <caption>History of {keyName}, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Revision</th>
                  <th scope="col">Operation</th>
                  <th scope="col">Value</th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                {history.map((e) => (
                  <tr key={e.revision}>
                    <td>{e.revision}</td>
                    <td>{e.operation}</td>
                    <td>{e.operation === "PUT" ? <code class="data">{e.text ?? `binary, ${bytes(e.size)}`}</code> : ""}</td>
                    <td>{when(e.created)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Loaded>
      )}
      <p>
        <Link href={path`/accounts/${account}/kv/${bucket}`}>Back to {bucket}</Link>
      </p>
    </Page>
  );
}
