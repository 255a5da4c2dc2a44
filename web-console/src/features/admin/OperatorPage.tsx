// The operator: its identity and signing keys, the system account, and the master key's state.
import { api, call } from "../../api/client";
import { Loaded, useLoad } from "../../components/async";
import { Facts, Page } from "../../components/ui";

export function OperatorPage() {
  const op = useLoad(() => call(api.GET("/api/v1/operator")), []);
  const key = useLoad(() => call(api.GET("/api/v1/operator/master-key")), []);
  return (
    <Page title="Operator">
      <Loaded load={op}>
        {(o) => (
          <Facts
            items={[
              ["Name", o.name],
              ["Public key", <code>{o.publicKey}</code>],
              ["Signing keys", (o.signingKeys ?? []).map((k) => <code key={k}>{k} </code>)],
              ["System account", <code>{o.systemAccount}</code>],
            ]}
          />
        )}
      </Loaded>
      <h2>Master key</h2>
      <p>Every secret in the database is encrypted under the master key. Rotate it with the CLI: tributary operator rotate-master-key.</p>
      <Loaded load={key}>
        {(k) => (
          <Facts
            items={[
              ["Current version", k.current],
              ["Kept in", k.fileBacked ? "a file in the data directory" : "the configured keyring"],
              [
                "Secrets by key version",
                Object.entries(k.secretsByVersion ?? {})
                  .map(([v, n]) => `v${v}: ${n}`)
                  .join(", "),
              ],
            ]}
          />
        )}
      </Loaded>
    </Page>
  );
}
