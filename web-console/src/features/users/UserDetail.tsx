// One user: what it may do, the creds issued for it, and what an account-admin can do about it — download new
// creds (shown once, with the commands to use them), revoke every creds issued so far (live connections are
// closed), rotate its key, delete it.
import { useState } from "preact/hooks";
import { api, ApiError, call } from "../../api/client";
import { Link, navigate, path, useLocation } from "../../app/router";
import { useSession } from "../../app/session";
import { Loaded, toApiError, useLoad } from "../../components/async";
import { bytes, count, when } from "../../components/format";
import { ConfirmButton, Facts, Page, ProblemMessage, TextField } from "../../components/ui";
import { PermissionsEditor } from "./PermissionsEditor";
import { DataTable } from "../../components/DataTable";

export function UserDetail({ account, user }: { account: string; user: string }) {
  const session = useSession();
  const created = useLocation().query.get("created") === "1";
  const p = { params: { path: { account, user } } };
  const load = useLoad(() => call(api.GET("/api/v1/accounts/{account}/users/{user}", p)), [account, user]);
  const issuances = useLoad(() => call(api.GET("/api/v1/accounts/{account}/users/{user}/issuances", p)), [account, user]);
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  const [creds, setCreds] = useState<{ file: string; url: string }>();
  const [ttl, setTtl] = useState("");
  const editable = session.canEdit(account);

  async function act(what: string, run: () => Promise<unknown>) {
    setError(undefined);
    setDone(undefined);
    try {
      await run();
      setDone(what);
      load.reload();
      issuances.reload();
    } catch (e) {
      setError(toApiError(e));
    }
  }

  async function downloadCreds() {
    await act("New creds were issued.", async () => {
      const text = await call(
        api.POST("/api/v1/accounts/{account}/users/{user}/creds", { ...p, body: { ttl: ttl ? Number(ttl) : undefined }, parseAs: "text" }),
      );
      const file = `${account}-${user}.creds`;
      const url = URL.createObjectURL(new Blob([text as string], { type: "text/plain" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = file;
      a.click();
      setCreds({ file, url });
    });
  }

  return (
    <Page
      title={user}
      actions={
        editable && (
          <>
            <ConfirmButton label="Rotate key" question="Give the user a new key? Its current creds stop working." onConfirm={() => act("The user has a new key; download new creds.", () => call(api.POST("/api/v1/accounts/{account}/users/{user}/rotate", p)))} />
            <ConfirmButton label="Revoke" danger question="Revoke every creds issued so far? Connected clients are disconnected." onConfirm={() => act("Every creds issued so far is revoked.", () => call(api.POST("/api/v1/accounts/{account}/users/{user}/revoke", p)))} />
            <ConfirmButton
              label="Delete"
              danger
              question={`Delete ${user}? Its creds stop working.`}
              onConfirm={() =>
                act("Deleted.", async () => {
                  await call(api.DELETE("/api/v1/accounts/{account}/users/{user}", p));
                  navigate(path`/accounts/${account}/users`);
                })
              }
            />
          </>
        )
      }
    >
      {error && <ProblemMessage error={error} />}
      {done && (
        <p class="notice" role="status">
          {done}
        </p>
      )}
      {created && !creds && <p class="notice">The user is created. Download its creds to connect a client.</p>}
      {editable && (
        <section class="creds" aria-labelledby="creds-title">
          <h2 id="creds-title">Creds</h2>
          <form class="inline-fields" onSubmit={(e) => (e.preventDefault(), void downloadCreds())}>
            <TextField label="Lifetime (seconds)" type="number" min={1} value={ttl} onInput={setTtl} hint="empty: the user's default" error={error?.field("ttl")} />
            <button type="submit" class="primary">
              Download creds
            </button>
          </form>
          {creds && (
            <div class="creds-once" role="region" aria-label="Your creds">
              <p>
                <strong>{creds.file}</strong> was downloaded. It holds the user's secret key and is not kept here: keep it safe, and issue new
                creds if it is lost. <a href={creds.url} download={creds.file}>Download it again</a> (until you leave this page).
              </p>
              <p>Use it with the nats CLI:</p>
              <pre>
                <code>{`nats --creds ${creds.file} --server nats://HOST:4222 sub 'greetings.>'\nnats --creds ${creds.file} --server nats://HOST:4222 pub greetings.hello world`}</code>
              </pre>
              <p>or from nats.js:</p>
              <pre>
                <code>{`import { connect, credsAuthenticator } from "@nats-io/transport-node";\nimport { readFileSync } from "node:fs";\nconst nc = await connect({ servers: "nats://HOST:4222",\n  authenticator: credsAuthenticator(readFileSync("${creds.file}")) });`}</code>
              </pre>
            </div>
          )}
        </section>
      )}
      <Loaded load={load}>
        {(u) => (
          <>
            <Facts
              items={[
                ["Public key", <code>{u.publicKey}</code>],
                ["Signed by", u.signingKey ? <code>{u.signingKey}</code> : "the account's key"],
                ["Bearer", u.bearer ? "yes" : "no"],
                ["Subscriptions", count(u.limits?.subs)],
                ["Data in flight", bytes(u.limits?.data)],
                ["Max payload", bytes(u.limits?.payload)],
                ["Networks", (u.sources ?? []).join(", ") || "anywhere"],
                ["Times", (u.times ?? []).map((t) => `${t.start}–${t.end}`).join(", ") || "any time"],
                ["Creds lifetime", u.expiry?.defaultTtl ? `${u.expiry.defaultTtl} s` : "no expiry"],
                ["Tags", (u.tags ?? []).join(", ") || "—"],
                ["Created", when(u.createdAt)],
              ]}
            />
            <PermissionsEditor value={u.permissions ?? {}} onChange={() => {}} readOnly />
          </>
        )}
      </Loaded>
      <h2>Issued creds</h2>
      <Loaded load={issuances} isEmpty={(d) => (d.items ?? []).length === 0} empty={<p>No creds issued yet.</p>}>
        {(d) => (
          <DataTable
            caption="Issued creds"
            rows={d.items ?? []}
            rowKey={(i) => i.jti}
            columns={[
              { header: "Issued", cell: (i) => when(i.issuedAt) },
              { header: "By", cell: (i) => i.issuedBy },
              { header: "Expires", cell: (i) => (i.expiresAt ? when(i.expiresAt) : "never") },
              { header: "Revoked", cell: (i) => (i.revoked ? "revoked" : "valid") },
            ]}
          />
        )}
      </Loaded>
      <p>
        <Link href={path`/accounts/${account}/users`}>Back to users</Link>
      </p>
    </Page>
  );
}
