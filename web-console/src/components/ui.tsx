// Shared building blocks: page frame, problem messages, form fields, tables, paging, confirmations.
import type { ComponentChildren, InputHTMLAttributes } from "preact";
import { useEffect, useId, useState } from "preact/hooks";
import type { ApiError } from "../api/client";

/** A screen: its heading (and the window's title) and its actions. */
export function Page({ title, actions, children }: { title: string; actions?: ComponentChildren; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · Tributary`;
  }, [title]);
  return (
    <section class="page" aria-labelledby="page-title">
      <header class="page-header">
        <h1 id="page-title">{title}</h1>
        {actions && <div class="actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

/** An API problem as the user reads it: its title, then what happened. */
export function ProblemMessage({ error }: { error: ApiError }) {
  const p = error.problem;
  return (
    <div class="problem" role="alert">
      <strong>{p.title}</strong>
      {p.detail && <span> — {p.detail}</span>}
      {p.status === 503 && <p>The control plane's database is unavailable. This page retries when you try again.</p>}
    </div>
  );
}

type FieldProps = {
  label: string;
  error?: string;
  hint?: ComponentChildren;
  children: (id: string, describedBy: string | undefined) => ComponentChildren;
};

/** A labelled control with its hint and its error next to it. */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`field${error ? " invalid" : ""}`}>
      <label for={id}>{label}</label>
      {children(id, describedBy)}
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} class="error">
          {error}
        </small>
      )}
    </div>
  );
}

type TextFieldProps = {
  label: string;
  value: string;
  onInput: (v: string) => void;
  error?: string;
  hint?: ComponentChildren;
  type?: "text" | "password" | "number";
  required?: boolean;
  autoComplete?: string;
  autoFocus?: boolean;
  min?: number;
  placeholder?: string;
};

export function TextField({ label, value, onInput, error, hint, type = "text", ...rest }: TextFieldProps) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(id, describedBy) => {
        // Preact types an <input> by the literal value of its type; this one takes any of three.
        const attributes = { id, type, value, "aria-invalid": error ? "true" : undefined, "aria-describedby": describedBy, ...rest } as InputHTMLAttributes;
        return <input {...attributes} onInput={(e) => onInput((e.target as HTMLInputElement).value)} />;
      }}
    </Field>
  );
}

/** A button that asks "are you sure?" in place before it acts (no modal to trap focus in). */
export function ConfirmButton({ label, question, onConfirm, danger }: { label: string; question: string; onConfirm: () => void; danger?: boolean }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" class={danger ? "danger" : undefined} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span class="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button
        type="button"
        class={danger ? "danger" : undefined}
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        Yes, {label.toLowerCase()}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

/** Previous / next through a paged list; the page lives in the URL. */
export function Pager({ page, size, total, onPage }: { page: number; size: number; total: number; onPage: (p: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / size));
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={page <= 0} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span>
        Page {page + 1} of {pages} · {total} in all
      </span>
      <button type="button" disabled={page + 1 >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}

/** Key–value pairs. */
export function Facts({ items }: { items: [string, ComponentChildren][] }) {
  return (
    <dl class="facts">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v ?? "—"}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A usage bar: `used` of `limit` (-1 or absent: unlimited). */
export function Meter({ label, used, limit, format = String }: { label: string; used?: number; limit?: number; format?: (n: number) => string }) {
  const unlimited = limit === undefined || limit < 0;
  const pct = !unlimited && used !== undefined && limit! > 0 ? Math.min(100, (used / limit!) * 100) : 0;
  return (
    <div class="meter">
      <span class="meter-label">{label}</span>
      {used !== undefined && !unlimited ? (
        <meter min={0} max={limit} value={used} aria-label={label} class={pct > 90 ? "high" : undefined} />
      ) : null}
      <span class="meter-value">
        {used !== undefined ? format(used) : "—"} {unlimited ? "(unlimited)" : `of ${format(limit!)}`}
      </span>
    </div>
  );
}
