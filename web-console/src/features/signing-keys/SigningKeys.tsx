// The account's signing keys: plain ones, and scoped ones whose users get the key's template (a role).
import { useState } from "preact/hooks";
import { api, ApiError, call } from "../../api/client";
import { useSession } from "../../app/session";
import { Loaded, toApiError, useLoad } from "../../components/async";
import { when } from "../../components/format";
import { ConfirmButton, Field, Page, ProblemMessage, TextField } from "../../components/ui";
import { normalized, PermissionsEditor, permissionsValid, type Permissions } from "../users/PermissionsEditor";
import { DataTable } from "../../components/DataTable";

export function SigningKeys({ account }: { account: string }) {
  const editable = useSession().canEdit(account);
  const p = { params: { path: { account } } };
  const load = useLoad(() => call(api.GET("/api/v1/accounts/{account}/signing-keys", p)), [account]);
  const [scoped, setScoped] = useState(false);
  const [role, setRole] = useState("");
  const [description, setDescription] = useState("");
  const [template, setTemplate] = useState<Permissions>({});
  const [error, setError] = useState<ApiError>();
  async function create(e: Event) {
    e.preventDefault();
    setError(undefined);
    try {
      await call(
        api.POST("/api/v1/accounts/{account}/signing-keys", {
          ...p,
          body: scoped ? { role, description: description || undefined, template: { permissions: normalized(template) } } : { description: description || undefined },
        }),
      );
      setRole("");
      setDescription("");
      setTemplate({});
      load.reload();
    } catch (err) {
      setError(toApiError(err));
    }
  }
  async function remove(key: string) {
    try {
      await call(api.DELETE("/api/v1/accounts/{account}/signing-keys/{key}", { params: { path: { account, key } } }));
      load.reload();
    } catch (err) {
      setError(toApiError(err));
    }
  }
  return (
    <Page title="Signing keys">
      <Loaded load={load} isEmpty={(d) => (d.items ?? []).length === 0} empty={<p>Only the account's own key signs its users.</p>}>
        {(d) => (
          <DataTable
            caption="Signing keys"
            rows={d.items ?? []}
            rowKey={(k) => k.publicKey}
            columns={[
              {
                header: "Public key",
                cell: (k) => (
                  <>
                    <code>{k.publicKey}</code>
                    {k.description && <div>{k.description}</div>}
                  </>
                ),
              },
              { header: "Scope", cell: (k) => (k.role ? `scoped: ${k.role}` : "plain") },
              {
                header: "Template",
                cell: (k) =>
                  k.template?.permissions
                    ? `pub ${(k.template.permissions.pub?.allow ?? ["all"]).join(", ")}; sub ${(k.template.permissions.sub?.allow ?? ["all"]).join(", ")}`
                    : "—",
              },
              { header: "Created", cell: (k) => when(k.createdAt) },
              editable && {
                header: "Actions",
                hidden: true,
                cell: (k) => <ConfirmButton label="Delete" danger question="Delete this key? Users it signed stop working." onConfirm={() => void remove(k.publicKey!)} />,
              },
            ]}
          />
        )}
      </Loaded>
      {editable && (
        <>
          <h2>Add a signing key</h2>
          <form class="form" onSubmit={create}>
            {error && <ProblemMessage error={error} />}
            <Field label="Scoped" hint="A scoped key's users get its template's permissions, whatever the user asks for.">
              {(id, d) => <input id={id} type="checkbox" aria-describedby={d} checked={scoped} onChange={(e) => setScoped((e.target as HTMLInputElement).checked)} />}
            </Field>
            {scoped && <TextField label="Role" value={role} onInput={setRole} required error={error?.field("role")} hint="names the scope, e.g. reader" />}
            <TextField label="Description" value={description} onInput={setDescription} error={error?.field("description")} />
            {scoped && <PermissionsEditor value={template} onChange={setTemplate} serverError={(f) => error?.field(f.replace(/^permissions/, "template.permissions"))} />}
            <div class="form-actions">
              <button type="submit" class="primary" disabled={scoped && (!role || !permissionsValid(template))}>
                Add key
              </button>
            </div>
          </form>
        </>
      )}
    </Page>
  );
}
