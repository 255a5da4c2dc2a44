// The operator: its identity and signing keys, the system account, and the master key's state.
import { useState } from "preact/hooks";
import { api, ApiError, call, type Schemas } from "../../api/client";
import { Loaded, toApiError, useLoad } from "../../components/async";
import { ConfirmButton, Facts, Page, ProblemMessage } from "../../components/ui";

export function OperatorPage() {
  const op = useLoad(() => call(api.GET("/api/v1/operator")), []);
  const key = useLoad(() => call(api.GET("/api/v1/operator/master-key")), []);
  const [rotated, setRotated] = useState<Schemas["Rotated"]>();
  const [error, setError] = useState<ApiError>();
  async function rotate() {
    setError(undefined);
    try {
      setRotated(await call(api.POST("/api/v1/operator/master-key/rotate", { body: {} })));
      key.reload();
    } catch (e) {
      setError(toApiError(e));
    }
  }
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
      <p>Every secret in the database is encrypted under the master key. Rotating it re-encrypts every secret under a new one, online.</p>
      {rotated && (
        <p class="notice" role="status">
          Now at version {rotated.version}: {rotated.rewrapped} secrets re-encrypted. {rotated.note}
        </p>
      )}
      {error && <ProblemMessage error={error} />}
      <Loaded load={key}>
        {(k) => (
          <>
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
          {k.fileBacked ? (
            <ConfirmButton label="Rotate the master key" question="Re-encrypt every secret under a new master key now?" onConfirm={() => void rotate()} />
          ) : (
            <p>The key comes from configuration: rotate it with tributary operator rotate-master-key and the new key, then configure the keyring it answers with.</p>
          )}
          </>
        )}
      </Loaded>
    </Page>
  );
}
