// Accounts, searched, sorted and paged by the server (fast with 10,000 of them); the filters live in the URL.
import { useEffect, useState } from "preact/hooks";
import { api, call } from "../../api/client";
import { Link, path, setQuery, useLocation } from "../../app/router";
import { useSession } from "../../app/session";
import { Loaded, useLoad } from "../../components/async";
import { when } from "../../components/format";
import { Field, Page, Pager } from "../../components/ui";
import { DataTable } from "../../components/DataTable";

const SIZE = 25;
const SORTS: [string, string][] = [
  ["name", "Name (A–Z)"],
  ["-name", "Name (Z–A)"],
  ["-createdAt", "Newest first"],
  ["createdAt", "Oldest first"],
  ["-updatedAt", "Recently changed"],
];

export function AccountList() {
  const session = useSession();
  const { query } = useLocation();
  const q = query.get("q") ?? "";
  const sort = query.get("sort") ?? "name";
  const page = Number(query.get("page") ?? "0") || 0;
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  // Search as the user types, a moment after they stop.
  useEffect(() => {
    if (text === q) return;
    const t = setTimeout(() => setQuery({ q: text, sort: sort === "name" ? undefined : sort }), 250);
    return () => clearTimeout(t);
  }, [text]);

  const load = useLoad(
    () => call(api.GET("/api/v1/accounts", { params: { query: { q: q || undefined, sort, page, size: SIZE } } })),
    [q, sort, page],
  );
  return (
    <Page
      title="Accounts"
      actions={
        session.isOperatorAdmin && (
          <Link href="/accounts/_new" class="button primary">
            New account
          </Link>
        )
      }
    >
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search">
          {(id) => <input id={id} type="search" value={text} placeholder="name or description" onInput={(e) => setText((e.target as HTMLInputElement).value)} />}
        </Field>
        <Field label="Sort by">
          {(id) => (
            <select id={id} value={sort} onChange={(e) => setQuery({ q, sort: (e.target as HTMLSelectElement).value })}>
              {SORTS.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      <Loaded load={load} isEmpty={(d) => (d.items ?? []).length === 0} empty={q ? <p>No account matches “{q}”.</p> : <p>No accounts yet.</p>}>
        {(d) => (
          <>
            <DataTable
              caption="Accounts"
              rows={d.items ?? []}
              rowKey={(a) => a.name}
              columns={[
                { header: "Name", cell: (a) => <Link href={path`/accounts/${a.name!}`}>{a.name}</Link> },
                { header: "Description", cell: (a) => a.description },
                { header: "Tags", cell: (a) => (a.tags ?? []).join(", ") },
                { header: "Created", cell: (a) => when(a.createdAt) },
              ]}
            />
            <Pager page={page} size={SIZE} total={d.total ?? 0} onPage={(p) => setQuery({ q, sort: sort === "name" ? undefined : sort, page: p })} />
          </>
        )}
      </Loaded>
    </Page>
  );
}
