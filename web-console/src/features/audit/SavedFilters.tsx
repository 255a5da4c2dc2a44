// Filters a user saves by name (in this browser's storage: filters only, never a credential), shown as links.
import { useState } from "preact/hooks";
import { Link } from "../../app/router";
import { Field } from "../../components/ui";

type Saved = { name: string; href: string };

function read(key: string): Saved[] {
  try {
    const v = JSON.parse(localStorage.getItem(key) ?? "[]");
    return Array.isArray(v) ? v.filter((s) => typeof s?.name === "string" && typeof s?.href === "string") : [];
  } catch {
    return [];
  }
}

/** The saved filters of `scope` (one list per screen), and a way to save the current one. */
export function SavedFilters({ scope, current }: { scope: string; current: string }) {
  const key = `tributary.saved-filters.${scope}`;
  const [saved, setSaved] = useState<Saved[]>(() => read(key));
  const [name, setName] = useState("");
  const store = (next: Saved[]) => {
    localStorage.setItem(key, JSON.stringify(next));
    setSaved(next);
  };
  return (
    <div class="saved-filters">
      {saved.length > 0 && (
        <nav aria-label="Saved filters">
          <span>Saved: </span>
          <ul>
            {saved.map((s) => (
              <li key={s.name}>
                <Link href={s.href}>{s.name}</Link>
                <button type="button" class="link-button" aria-label={`Forget ${s.name}`} onClick={() => store(saved.filter((x) => x.name !== s.name))}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <form
        class="inline-fields"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) store([...saved.filter((x) => x.name !== name.trim()), { name: name.trim(), href: current }]);
          setName("");
        }}
      >
        <Field label="Save these filters as">
          {(id) => <input id={id} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />}
        </Field>
        <button type="submit" disabled={!name.trim()}>
          Save
        </button>
      </form>
    </div>
  );
}
