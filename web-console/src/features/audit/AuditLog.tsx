// The audit log as a screen, not a topic: filtered by actor, account, action and time, paged; the filters live
// in the URL, so a reload or a shared link shows the same entries. Inside an account, its trail.
import { useEffect, useState } from "preact/hooks";
import { api, call } from "../../api/client";
import { setQuery, useLocation } from "../../app/router";
import { Loaded, useLoad } from "../../components/async";
import { when } from "../../components/format";
import { Field, Page, Pager } from "../../components/ui";
import { SavedFilters } from "./SavedFilters";
import { DataTable } from "../../components/DataTable";

const SIZE = 50;
const FILTERS = ["actor", "account", "action", "from", "to"] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** `datetime-local`'s value ↔ the API's ISO instant. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

export function AuditLog({ account }: { account?: string }) {
  const { query, href } = useLocation();
  const applied = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? ""])) as Filters;
  if (account) applied.account = account;
  const page = Number(query.get("page") ?? "0") || 0;
  const [draft, setDraft] = useState<Filters>(applied);
  const key = FILTERS.map((f) => applied[f]).join("|");
  useEffect(() => setDraft(applied), [key]);

  const load = useLoad(
    () =>
      call(
        api.GET("/api/v1/audit", {
          params: {
            query: {
              actor: applied.actor || undefined,
              account: applied.account || undefined,
              action: applied.action || undefined,
              from: toIso(applied.from),
              to: toIso(applied.to),
              page,
              size: SIZE,
            },
          },
        }),
      ),
    [key, page],
  );
  const apply = (e: Event) => {
    e.preventDefault();
    setQuery({ ...draft, account: account ? undefined : draft.account });
  };
  const input = (f: keyof Filters, label: string, type: "text" | "datetime-local" = "text") =>
    (f !== "account" || !account) && (
      <Field label={label}>
        {(id) => {
          const onInput = (e: Event) => setDraft({ ...draft, [f]: (e.target as HTMLInputElement).value });
          return type === "text" ? <input id={id} type="text" value={draft[f]} onInput={onInput} /> : <input id={id} type="datetime-local" value={draft[f]} onInput={onInput} />;
        }}
      </Field>
    );
  return (
    <Page title={account ? "Audit trail" : "Audit log"}>
      <form class="filters" role="search" aria-label="Filter the audit log" onSubmit={apply}>
        {input("actor", "Actor")}
        {input("account", "Account")}
        {input("action", "Action")}
        {input("from", "From", "datetime-local")}
        {input("to", "To", "datetime-local")}
        <button type="submit">Filter</button>
        <button type="button" onClick={() => setQuery({})}>
          Clear
        </button>
      </form>
      <SavedFilters scope={account ? "account-audit" : "audit"} current={href} />
      <Loaded load={load} isEmpty={(d) => (d.items ?? []).length === 0} empty={<p>No entries match.</p>}>
        {(d) => (
          <>
            <DataTable
              caption="Audit entries"
              rows={d.items ?? []}
              rowKey={(e) => e.id}
              columns={[
                { header: "When", cell: (e) => when(e.at) },
                {
                  header: "Actor",
                  cell: (e) => (
                    <>
                      {e.actor}
                      {e.source && <small> from {e.source}</small>}
                    </>
                  ),
                },
                { header: "Action", cell: (e) => <code>{e.action}</code> },
                { header: "Account", cell: (e) => e.account ?? "" },
                { header: "Target", cell: (e) => e.target ?? "" },
                { header: "Summary", cell: (e) => e.summary ?? "" },
              ]}
            />
            <Pager page={page} size={SIZE} total={d.total ?? 0} onPage={(p) => setQuery({ ...applied, account: account ? undefined : applied.account, page: p })} />
          </>
        )}
      </Loaded>
    </Page>
  );
}
