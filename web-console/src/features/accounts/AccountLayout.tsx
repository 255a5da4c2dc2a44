// An account's screens share its heading and tabs; an account the user may not see is a not-found page, the
// same as one that does not exist.
import type { ComponentChildren } from "preact";
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { api, call, type Schemas } from "../../api/client";
import { NotFound } from "../../app/NotFound";
import { Link, path } from "../../app/router";
import { useSession } from "../../app/session";
import { Loaded, useLoad, type Load } from "../../components/async";

export type Account = Schemas["AccountView"];

const AccountContext = createContext<Load<Account> | null>(null);

/** The account of the screen, as its layout loaded it (reload after a change). */
export function useAccount(): Load<Account> {
  const a = useContext(AccountContext);
  if (!a) throw new Error("outside an account");
  return a;
}

const TABS: [string, string, string][] = [
  ["overview", "", "Overview"],
  ["users", "/users", "Users"],
  ["signing-keys", "/signing-keys", "Signing keys"],
  ["streams", "/streams", "Streams"],
  ["kv", "/kv", "Key/Value"],
  ["objects", "/object-stores", "Object stores"],
  ["sharing", "/sharing", "Exports & imports"],
  ["audit", "/audit", "Audit trail"],
];

export function AccountLayout({ account, tab, children }: { account: string; tab: string; children: ComponentChildren }) {
  const session = useSession();
  const load = useLoad(() => call(api.GET("/api/v1/accounts/{name}", { params: { path: { name: account } } })), [account]);
  if (load.error?.problem.status === 404) return <NotFound />;
  const base = path`/accounts/${account}`;
  return (
    <AccountContext.Provider value={load}>
      <div class="account">
        <p class="breadcrumb">
          {session.isOperatorAdmin || (session.me.accounts ?? []).length > 1 ? <Link href="/accounts">Accounts</Link> : "Account"} / <strong>{account}</strong>
          {!session.canEdit(account) && <span class="badge">read-only</span>}
        </p>
        <nav class="tabs" aria-label={`Account ${account}`}>
          <ul>
            {TABS.map(([id, suffix, label]) => (
              <li key={id}>
                <Link href={base + suffix} aria-current={tab === id ? "page" : undefined}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <Loaded load={load}>{() => children}</Loaded>
      </div>
    </AccountContext.Provider>
  );
}
