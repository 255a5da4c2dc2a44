import { api, call } from "../../api/client";
import { Link, path, setQuery, useLocation } from "../../app/router";
import { useSession } from "../../app/session";
import { Loaded, useLoad } from "../../components/async";
import { when } from "../../components/format";
import { Page, Pager } from "../../components/ui";
import { DataTable } from "../../components/DataTable";

const SIZE = 50;

/** The account's users; an account-admin creates them here. */
export function UserList({ account }: { account: string }) {
  const session = useSession();
  const page = Number(useLocation().query.get("page") ?? "0") || 0;
  const load = useLoad(() => call(api.GET("/api/v1/accounts/{account}/users", { params: { path: { account }, query: { page, size: SIZE } } })), [account, page]);
  return (
    <Page
      title="Users"
      actions={
        session.canEdit(account) && (
          <Link href={path`/accounts/${account}/users/_new`} class="button primary">
            New user
          </Link>
        )
      }
    >
      <Loaded
        load={load}
        isEmpty={(d) => (d.items ?? []).length === 0}
        empty={<p>No users yet. {session.canEdit(account) ? "Create one, then download its creds to connect a client." : ""}</p>}
      >
        {(d) => (
          <>
            <DataTable
              caption={`Users of ${account}`}
              rows={d.items ?? []}
              rowKey={(u) => u.name}
              columns={[
                { header: "Name", cell: (u) => <Link href={path`/accounts/${account}/users/${u.name!}`}>{u.name}</Link> },
                { header: "Public key", cell: (u) => <code>{u.publicKey?.slice(0, 16)}…</code> },
                { header: "Publish", cell: (u) => (u.permissions?.pub?.allow ?? ["(all)"]).join(", ") },
                { header: "Subscribe", cell: (u) => (u.permissions?.sub?.allow ?? ["(all)"]).join(", ") },
                { header: "Created", cell: (u) => when(u.createdAt) },
              ]}
            />
            <Pager page={page} size={SIZE} total={d.total ?? 0} onPage={(p) => setQuery({ page: p })} />
          </>
        )}
      </Loaded>
    </Page>
  );
}
