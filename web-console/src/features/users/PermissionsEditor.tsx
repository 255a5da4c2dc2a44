// A user's permissions: publish and subscribe allow/deny lists (one subject per line, checked as the user types
// with the same rules as auth/'s Subjects) and response permissions. The server's field errors
// (`permissions.pub.allow[0]`) are shown next to the list they name.
import type { Schemas } from "../../api/client";
import { subjectProblem } from "../../lib/subjects";
import { Field } from "../../components/ui";

export type Permissions = Schemas["UserPermissions"];

type Props = {
  value: Permissions;
  onChange: (p: Permissions) => void;
  /** The server's message for a JSON path under `permissions`, if any. */
  serverError?: (path: string) => string | undefined;
  readOnly?: boolean;
};

/** The problems of the subjects in `lines` (blank lines aside), one message naming each bad line. */
export function subjectListProblems(lines: string[]): string[] {
  return lines.flatMap((raw, i) => {
    const s = raw.trim();
    const p = s ? subjectProblem(s) : undefined;
    return p ? [`line ${i + 1} (“${s}”): ${p}`] : [];
  });
}

/** True when every subject in `p` is valid (the form may be sent). */
export function permissionsValid(p: Permissions): boolean {
  return [p.pub?.allow, p.pub?.deny, p.sub?.allow, p.sub?.deny].every((l) => subjectListProblems(l ?? []).length === 0);
}

/** `p` as the API takes it: subjects trimmed, blank lines and empty lists dropped. */
export function normalized(p: Permissions): Permissions {
  const rules = (r: Permissions["pub"]) => {
    const allow = (r?.allow ?? []).map((s) => s.trim()).filter(Boolean);
    const deny = (r?.deny ?? []).map((s) => s.trim()).filter(Boolean);
    return allow.length || deny.length ? { allow: allow.length ? allow : undefined, deny: deny.length ? deny : undefined } : undefined;
  };
  return { pub: rules(p.pub), sub: rules(p.sub), resp: p.resp };
}

export function PermissionsEditor({ value, onChange, serverError, readOnly }: Props) {
  const list = (kind: "pub" | "sub", which: "allow" | "deny", label: string) => {
    const lines = value[kind]?.[which] ?? [];
    const local = subjectListProblems(lines);
    const server = serverError?.(`permissions.${kind}.${which}`) ?? lines.map((_, i) => serverError?.(`permissions.${kind}.${which}[${i}]`)).find(Boolean);
    return (
      <Field label={label} error={local.length ? local.join("; ") : server} hint="One subject a line; * matches a token, > the rest.">
        {(id, describedBy) => (
          <textarea
            id={id}
            rows={3}
            readOnly={readOnly}
            aria-invalid={local.length ? "true" : undefined}
            aria-describedby={describedBy}
            value={lines.join("\n")}
            onInput={(e) => onChange({ ...value, [kind]: { ...value[kind], [which]: (e.target as HTMLTextAreaElement).value.split("\n") } })}
          />
        )}
      </Field>
    );
  };
  const resp = value.resp;
  return (
    <fieldset class="permissions">
      <legend>Permissions</legend>
      <div class="permission-grid">
        {list("pub", "allow", "Publish: allow")}
        {list("pub", "deny", "Publish: deny")}
        {list("sub", "allow", "Subscribe: allow")}
        {list("sub", "deny", "Subscribe: deny")}
      </div>
      <Field label="Allow responses" hint="Lets the user reply to requests it received, even where publish is not allowed.">
        {(id, describedBy) => (
          <input
            id={id}
            type="checkbox"
            disabled={readOnly}
            aria-describedby={describedBy}
            checked={!!resp}
            onChange={(e) => onChange({ ...value, resp: (e.target as HTMLInputElement).checked ? { max: 1, ttlMillis: 0 } : undefined })}
          />
        )}
      </Field>
      {resp && (
        <div class="inline-fields">
          <Field label="Responses per request" error={serverError?.("permissions.resp.max")} hint="-1 for any number">
            {(id, describedBy) => (
              <input id={id} type="number" min={-1} readOnly={readOnly} aria-describedby={describedBy} value={resp.max ?? 1} onInput={(e) => onChange({ ...value, resp: { ...resp, max: Number((e.target as HTMLInputElement).value) } })} />
            )}
          </Field>
          <Field label="Response window (ms)" error={serverError?.("permissions.resp.ttlMillis")} hint="0 for no limit">
            {(id, describedBy) => (
              <input id={id} type="number" min={0} readOnly={readOnly} aria-describedby={describedBy} value={resp.ttlMillis ?? 0} onInput={(e) => onChange({ ...value, resp: { ...resp, ttlMillis: Number((e.target as HTMLInputElement).value) } })} />
            )}
          </Field>
        </div>
      )}
    </fieldset>
  );
}
