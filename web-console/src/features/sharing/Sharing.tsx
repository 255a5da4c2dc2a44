// Exports and imports between accounts. Making an activation token is a small wizard: the token, and what the
// other tenant must do with it.
import { useState } from "preact/hooks";
import { api, ApiError, call, type Schemas } from "../../api/client";
import { useSession } from "../../app/session";
import { Loaded, toApiError, useLoad } from "../../components/async";
import { isValidSubject, subjectProblem } from "../../lib/subjects";
import { ConfirmButton, Field, Page, ProblemMessage, TextField } from "../../components/ui";
import { useAccount } from "../accounts/AccountLayout";
import { DataTable } from "../../components/DataTable";

export function Sharing({ account }: { account: string }) {
  const editable = useSession().canEdit(account);
  const p = { params: { path: { account } } };
  const exports = useLoad(() => call(api.GET("/api/v1/accounts/{account}/exports", p)), [account]);
  const imports = useLoad(() => call(api.GET("/api/v1/accounts/{account}/imports", p)), [account]);
  const [error, setError] = useState<ApiError>();
  const run = async (f: () => Promise<unknown>, after: () => void) => {
    setError(undefined);
    try {
      await f();
      after();
    } catch (err) {
      setError(toApiError(err));
    }
  };
  return (
    <Page title="Exports & imports">
      {error && <ProblemMessage error={error} />}
      <h2>Exports</h2>
      <Loaded load={exports} isEmpty={(d) => (d.items ?? []).length === 0} empty={<p>This account shares nothing.</p>}>
        {(d) => (
          <DataTable
            caption="Exports"
            rows={d.items ?? []}
            rowKey={(x) => x.name}
            columns={[
              { header: "Name", cell: (x) => x.name },
              { header: "Subject", cell: (x) => <code>{x.subject}</code> },
              { header: "Type", cell: (x) => x.type },
              { header: "Access", cell: (x) => (x.tokenRequired ? "by activation token" : "public") },
              editable && {
                header: "Actions",
                hidden: true,
                cell: (x) => (
                  <>
                    {x.tokenRequired && <Activate account={account} exp={x} />}
                    <ConfirmButton
                      label="Delete"
                      danger
                      question={`Stop exporting ${x.subject}?`}
                      onConfirm={() => void run(() => call(api.DELETE("/api/v1/accounts/{account}/exports/{export}", { params: { path: { account, export: x.name! } } })), exports.reload)}
                    />
                  </>
                ),
              },
            ]}
          />
        )}
      </Loaded>
      {editable && <NewExport account={account} onCreated={exports.reload} />}
      <h2>Imports</h2>
      <Loaded load={imports} isEmpty={(d) => (d.items ?? []).length === 0} empty={<p>This account imports nothing.</p>}>
        {(d) => (
          <DataTable
            caption="Imports"
            rows={d.items ?? []}
            rowKey={(x) => x.name}
            columns={[
              { header: "Name", cell: (x) => x.name },
              { header: "Subject", cell: (x) => <code>{x.subject}</code> },
              { header: "Local subject", cell: (x) => <code>{x.localSubject ?? x.subject}</code> },
              { header: "Type", cell: (x) => x.type },
              { header: "From account", cell: (x) => <code>{x.account?.slice(0, 12)}…</code> },
              editable && {
                header: "Actions",
                hidden: true,
                cell: (x) => (
                  <ConfirmButton
                    label="Delete"
                    danger
                    question={`Stop importing ${x.subject}?`}
                    onConfirm={() => void run(() => call(api.DELETE("/api/v1/accounts/{account}/imports/{import}", { params: { path: { account, import: x.name! } } })), imports.reload)}
                  />
                ),
              },
            ]}
          />
        )}
      </Loaded>
      {editable && <NewImport account={account} onCreated={imports.reload} />}
    </Page>
  );
}

function NewExport({ account, onCreated }: { account: string; onCreated: () => void }) {
  const [name, setName] = useState("");
  const [subject, setSubject] = useState("");
  const [type, setType] = useState("stream");
  const [tokenRequired, setTokenRequired] = useState(true);
  const [error, setError] = useState<ApiError>();
  async function create(e: Event) {
    e.preventDefault();
    try {
      await call(api.POST("/api/v1/accounts/{account}/exports", { params: { path: { account } }, body: { name, subject, type, tokenRequired } }));
      setName("");
      setSubject("");
      setError(undefined);
      onCreated();
    } catch (err) {
      setError(toApiError(err));
    }
  }
  return (
    <form class="form" onSubmit={create} aria-label="New export">
      <h3>New export</h3>
      {error && <ProblemMessage error={error} />}
      <TextField label="Export name" value={name} onInput={setName} required error={error?.field("name")} />
      <TextField label="Exported subject" value={subject} onInput={setSubject} required error={(subject && subjectProblem(subject)) || error?.field("subject")} />
      <Field label="Type">
        {(id) => (
          <select id={id} value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value)}>
            <option value="stream">stream (messages flow to the importer)</option>
            <option value="service">service (the importer sends requests)</option>
          </select>
        )}
      </Field>
      <Field label="Needs an activation token" hint="Only accounts you give a token to may import it.">
        {(id, d) => <input id={id} type="checkbox" aria-describedby={d} checked={tokenRequired} onChange={(e) => setTokenRequired((e.target as HTMLInputElement).checked)} />}
      </Field>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={!name || !isValidSubject(subject)}>
          Export
        </button>
      </div>
    </form>
  );
}

/** The activation wizard: which account may import, then the token and the steps for that tenant. */
function Activate({ account, exp }: { account: string; exp: Schemas["ExportView"] }) {
  const self = useAccount().data;
  const [open, setOpen] = useState(false);
  const [importer, setImporter] = useState("");
  const [token, setToken] = useState<string>();
  const [error, setError] = useState<ApiError>();
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Give access
      </button>
    );
  }
  async function activate(e: Event) {
    e.preventDefault();
    try {
      const a = await call(api.POST("/api/v1/accounts/{account}/exports/{export}/activations", { params: { path: { account, export: exp.name! } }, body: { account: importer } }));
      setToken(a.token);
    } catch (err) {
      setError(toApiError(err));
    }
  }
  return (
    <div class="wizard" role="group" aria-label={`Give access to ${exp.name}`}>
      {!token ? (
        <form onSubmit={activate}>
          {error && <ProblemMessage error={error} />}
          <TextField label="Importing account's public key" value={importer} onInput={setImporter} required hint="A…, 56 characters: the other tenant finds it on their account's overview." error={error?.field("account")} />
          <button type="submit" class="primary">
            Make activation token
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <div>
          <p>Send this token to the other tenant. In their console, under Exports &amp; imports → New import, they enter:</p>
          <ul>
            <li>
              type <strong>{exp.type}</strong>, subject <code>{exp.subject}</code>
            </li>
            <li>
              exporting account <code>{self?.publicKey}</code>
            </li>
            <li>and this activation token:</li>
          </ul>
          <textarea readOnly rows={4} aria-label="Activation token" value={token} />
          <button type="button" onClick={() => (setOpen(false), setToken(undefined))}>
            Done
          </button>
        </div>
      )}
    </div>
  );
}

function NewImport({ account, onCreated }: { account: string; onCreated: () => void }) {
  const [f, setF] = useState({ name: "", type: "stream", account: "", subject: "", localSubject: "", token: "" });
  const [error, setError] = useState<ApiError>();
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  async function create(e: Event) {
    e.preventDefault();
    try {
      await call(
        api.POST("/api/v1/accounts/{account}/imports", {
          params: { path: { account } },
          body: { name: f.name, type: f.type, account: f.account, subject: f.subject, localSubject: f.localSubject || undefined, token: f.token || undefined },
        }),
      );
      setError(undefined);
      onCreated();
    } catch (err) {
      setError(toApiError(err));
    }
  }
  return (
    <form class="form" onSubmit={create} aria-label="New import">
      <h3>New import</h3>
      {error && <ProblemMessage error={error} />}
      <TextField label="Import name" value={f.name} onInput={set("name")} required error={error?.field("name")} />
      <Field label="Import type">
        {(id) => (
          <select id={id} value={f.type} onChange={(e) => set("type")((e.target as HTMLSelectElement).value)}>
            <option value="stream">stream</option>
            <option value="service">service</option>
          </select>
        )}
      </Field>
      <TextField label="Exporting account's public key" value={f.account} onInput={set("account")} required error={error?.field("account")} />
      <TextField label="Subject" value={f.subject} onInput={set("subject")} required error={(f.subject && subjectProblem(f.subject)) || error?.field("subject")} />
      <TextField label="Local subject" value={f.localSubject} onInput={set("localSubject")} hint="empty: the same subject" error={(f.localSubject && subjectProblem(f.localSubject)) || error?.field("localSubject")} />
      <Field label="Activation token" error={error?.field("token")}>
        {(id) => <textarea id={id} rows={3} value={f.token} onInput={(e) => set("token")((e.target as HTMLTextAreaElement).value)} />}
      </Field>
      <div class="form-actions">
        <button type="submit" class="primary">
          Import
        </button>
      </div>
    </form>
  );
}
