// Creating a user of an account: name, permissions, limits, expiry, bearer, where and when it may connect.
// Subjects and networks are checked as the user types; the server's field errors land next to their fields.
import { useState } from "preact/hooks";
import { api, ApiError, call, type Schemas } from "../../api/client";
import { Link, navigate, path } from "../../app/router";
import { useSession } from "../../app/session";
import { toApiError, useLoad } from "../../components/async";
import { Field, Page, ProblemMessage, TextField } from "../../components/ui";
import { listOf } from "../../lib/lists";
import { normalized, PermissionsEditor, permissionsValid, type Permissions } from "./PermissionsEditor";

type UserBody = Schemas["UserBody"];

const CIDR = /^((\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?|[0-9a-fA-F:]+:[0-9a-fA-F:]*(\/\d{1,3})?)$/;
const WINDOW = /^(\d{2}:\d{2}:\d{2})-(\d{2}:\d{2}:\d{2})$/;

const list = (text: string) => listOf(text, /[\n,]/);

export function NewUser({ account }: { account: string }) {
  const session = useSession();
  const [name, setName] = useState("");
  const [permissions, setPermissions] = useState<Permissions>({});
  const [subs, setSubs] = useState("-1");
  const [data, setData] = useState("-1");
  const [payload, setPayload] = useState("-1");
  const [bearer, setBearer] = useState(false);
  const [defaultTtl, setDefaultTtl] = useState("");
  const [maxTtl, setMaxTtl] = useState("");
  const [sources, setSources] = useState("");
  const [times, setTimes] = useState("");
  const [tags, setTags] = useState("");
  const [signingKey, setSigningKey] = useState("");
  const [error, setError] = useState<ApiError>();
  const keys = useLoad(() => call(api.GET("/api/v1/accounts/{account}/signing-keys", { params: { path: { account } } })), [account]);

  if (!session.canEdit(account)) {
    return (
      <Page title="New user">
        <p>You can see this account's users but not create them.</p>
      </Page>
    );
  }
  const nameProblem = name && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(name) ? "lower-case letters, digits and dashes, starting with a letter or digit" : undefined;
  const badSources = list(sources).filter((s) => !CIDR.test(s));
  const badTimes = list(times).filter((t) => !WINDOW.test(t));
  const valid = !!name && !nameProblem && permissionsValid(permissions) && badSources.length === 0 && badTimes.length === 0;

  async function create(e: Event) {
    e.preventDefault();
    const body: UserBody = {
      name,
      permissions: normalized(permissions),
      limits: { subs: Number(subs), data: Number(data), payload: Number(payload) },
      bearer: bearer || undefined,
      sources: sources ? list(sources) : undefined,
      times: times ? list(times).map((t) => ({ start: WINDOW.exec(t)![1], end: WINDOW.exec(t)![2] })) : undefined,
      tags: tags ? list(tags) : undefined,
      expiry: defaultTtl || maxTtl ? { defaultTtl: defaultTtl ? Number(defaultTtl) : undefined, maxTtl: maxTtl ? Number(maxTtl) : undefined } : undefined,
      signingKey: signingKey || undefined,
    };
    try {
      const u = await call(api.POST("/api/v1/accounts/{account}/users", { params: { path: { account } }, body }));
      navigate(path`/accounts/${account}/users/${u.name!}` + "?created=1");
    } catch (err) {
      setError(toApiError(err));
    }
  }

  return (
    <Page title="New user">
      <form class="form" onSubmit={create} noValidate>
        {error && <ProblemMessage error={error} />}
        <TextField label="Name" value={name} onInput={setName} required error={nameProblem ?? error?.field("name")} />
        <PermissionsEditor value={permissions} onChange={setPermissions} serverError={(p) => error?.field(p)} />
        <fieldset>
          <legend>Limits</legend>
          <div class="inline-fields">
            <TextField label="Subscriptions" type="number" min={-1} value={subs} onInput={setSubs} hint="-1 for unlimited" error={error?.field("limits.subs")} />
            <TextField label="Data in flight (bytes)" type="number" min={-1} value={data} onInput={setData} hint="-1 for unlimited" error={error?.field("limits.data")} />
            <TextField label="Max payload (bytes)" type="number" min={-1} value={payload} onInput={setPayload} hint="-1 for unlimited" error={error?.field("limits.payload")} />
          </div>
        </fieldset>
        <fieldset>
          <legend>Credentials</legend>
          <div class="inline-fields">
            <TextField label="Creds lifetime (seconds)" type="number" min={1} value={defaultTtl} onInput={setDefaultTtl} hint="empty: they do not expire" error={error?.field("expiry.defaultTtl")} />
            <TextField label="Longest lifetime (seconds)" type="number" min={1} value={maxTtl} onInput={setMaxTtl} hint="the most a creds request may ask for" error={error?.field("expiry.maxTtl")} />
          </div>
          <Field label="Bearer token" hint="Connect with the JWT alone, without proving the key (only for clients that cannot sign).">
            {(id, describedBy) => <input id={id} type="checkbox" aria-describedby={describedBy} checked={bearer} onChange={(e) => setBearer((e.target as HTMLInputElement).checked)} />}
          </Field>
          <Field label="Signing key" hint="Which of the account's keys signs the user's JWT.">
            {(id, describedBy) => (
              <select id={id} aria-describedby={describedBy} value={signingKey} onChange={(e) => setSigningKey((e.target as HTMLSelectElement).value)}>
                <option value="">The account's own key</option>
                {(keys.data?.items ?? []).map((k) => (
                  <option key={k.publicKey} value={k.publicKey}>
                    {k.role ? `${k.role} (scoped) ` : ""}
                    {k.publicKey!.slice(0, 12)}…
                  </option>
                ))}
              </select>
            )}
          </Field>
        </fieldset>
        <fieldset>
          <legend>Where and when</legend>
          <Field label="Allowed networks" error={badSources.length ? `not an address or CIDR: ${badSources.join(", ")}` : error?.field("sources")} hint="One address or CIDR a line (10.0.0.0/8); empty: anywhere.">
            {(id, describedBy) => <textarea id={id} rows={2} aria-describedby={describedBy} aria-invalid={badSources.length ? "true" : undefined} value={sources} onInput={(e) => setSources((e.target as HTMLTextAreaElement).value)} />}
          </Field>
          <Field label="Allowed times" error={badTimes.length ? `not a window HH:MM:SS-HH:MM:SS: ${badTimes.join(", ")}` : error?.field("times")} hint="One window a line (08:00:00-18:00:00); empty: any time.">
            {(id, describedBy) => <textarea id={id} rows={2} aria-describedby={describedBy} aria-invalid={badTimes.length ? "true" : undefined} value={times} onInput={(e) => setTimes((e.target as HTMLTextAreaElement).value)} />}
          </Field>
          <TextField label="Tags" value={tags} onInput={setTags} hint="comma-separated" error={error?.field("tags")} />
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="primary" disabled={!valid}>
            Create user
          </button>
          <Link href={path`/accounts/${account}/users`} class="button">
            Cancel
          </Link>
        </div>
      </form>
    </Page>
  );
}
