// Object Store buckets and their objects.
import { api, call } from "../../api/client";
import { Link, path } from "../../app/router";
import { Loaded, useLoad } from "../../components/async";
import { bytes, count, when } from "../../components/format";
import { Page } from "../../components/ui";
import { JetStreamProblem } from "./JetStreamState";

export function ObjectStores({ account }: { account: string }) {
  const load = useLoad(() => call(api.GET("/api/v1/accounts/{account}/object-stores", { params: { path: { account }, query: { size: 500 } } })), [account]);
  return (
    <Page title="Object stores">
      {load.error && !load.data ? (
        <JetStreamProblem error={load.error} />
      ) : (
        <Loaded load={load} isEmpty={(d) => (d.items ?? []).length === 0} empty={<p>No object stores.</p>}>
          {(d) => (
            <table>
              <caption class="sr-only">Object stores</caption>
              <thead>
                <tr>
                  <th scope="col">Bucket</th>
                  <th scope="col">Objects</th>
                  <th scope="col">Size</th>
                </tr>
              </thead>
              <tbody>
                {(d.items ?? []).map((b) => (
                  <tr key={b.bucket}>
                    <td>
                      <Link href={path`/accounts/${account}/object-stores/${b.bucket!}`}>{b.bucket}</Link>
                    </td>
                    <td>{count(b.objects)}</td>
                    <td>{bytes(b.bytes)}</td>
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

export function Objects({ account, bucket }: { account: string; bucket: string }) {
  const load = useLoad(() => call(api.GET("/api/v1/accounts/{account}/object-stores/{bucket}", { params: { path: { account, bucket }, query: { size: 500 } } })), [account, bucket]);
  return (
    <Page title={`Object store ${bucket}`}>
      {load.error && !load.data ? (
        <JetStreamProblem error={load.error} />
      ) : (
        <Loaded load={load} isEmpty={(d) => (d.items ?? []).length === 0} empty={<p>The bucket holds no objects.</p>}>
          {(d) => (
            <table>
              <caption class="sr-only">Objects in {bucket}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Size</th>
                  <th scope="col">Chunks</th>
                  <th scope="col">Modified</th>
                  <th scope="col">Digest</th>
                </tr>
              </thead>
              <tbody>
                {(d.items ?? []).map((o) => (
                  <tr key={o.name}>
                    <td>
                      {o.name}
                      {o.description && <div>{o.description}</div>}
                    </td>
                    <td>{bytes(o.size)}</td>
                    <td>{o.chunks}</td>
                    <td>{when(o.modified)}</td>
                    <td>
                      <code>{o.digest}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Loaded>
      )}
      <p>
        <Link href={path`/accounts/${account}/object-stores`}>Back to object stores</Link>
      </p>
    </Page>
  );
}
