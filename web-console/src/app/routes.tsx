// The address → screen table. Routes stay thin: each hands its parameters to a feature's screen.
import type { ComponentChildren } from "preact";
import { AccountLayout } from "../features/accounts/AccountLayout";
import { AccountList } from "../features/accounts/AccountList";
import { AccountOverview } from "../features/accounts/AccountOverview";
import { NewAccount } from "../features/accounts/NewAccount";
import { ApiTokens } from "../features/admin/ApiTokens";
import { ConsoleUsers } from "../features/admin/ConsoleUsers";
import { OperatorPage } from "../features/admin/OperatorPage";
import { AuditLog } from "../features/audit/AuditLog";
import { Clusters } from "../features/clusters/Clusters";
import { Sharing } from "../features/sharing/Sharing";
import { SigningKeys } from "../features/signing-keys/SigningKeys";
import { KvBuckets, KvHistory, KvKeys } from "../features/streams/KeyValue";
import { Objects, ObjectStores } from "../features/streams/ObjectStores";
import { StreamDetail } from "../features/streams/StreamDetail";
import { StreamList } from "../features/streams/StreamList";
import { NewUser } from "../features/users/NewUser";
import { UserDetail } from "../features/users/UserDetail";
import { UserList } from "../features/users/UserList";
import { NotFound } from "./NotFound";
import { match, type Location } from "./router";
import type { Session } from "./session";

type Params = Record<string, string>;
type Route = { pattern: string; admin?: boolean; screen: (p: Params, loc: Location) => ComponentChildren };

const inAccount = (tab: string, body: (p: Params, loc: Location) => ComponentChildren) => (p: Params, loc: Location) => (
  <AccountLayout account={p.account} tab={tab}>
    {body(p, loc)}
  </AccountLayout>
);

const ROUTES: Route[] = [
  { pattern: "/accounts", screen: () => <AccountList /> },
  { pattern: "/accounts/_new", admin: true, screen: () => <NewAccount /> },
  { pattern: "/accounts/:account", screen: inAccount("overview", (p) => <AccountOverview account={p.account} />) },
  { pattern: "/accounts/:account/users", screen: inAccount("users", (p) => <UserList account={p.account} />) },
  { pattern: "/accounts/:account/users/_new", screen: inAccount("users", (p) => <NewUser account={p.account} />) },
  { pattern: "/accounts/:account/users/:user", screen: inAccount("users", (p) => <UserDetail account={p.account} user={p.user} />) },
  { pattern: "/accounts/:account/signing-keys", screen: inAccount("signing-keys", (p) => <SigningKeys account={p.account} />) },
  { pattern: "/accounts/:account/sharing", screen: inAccount("sharing", (p) => <Sharing account={p.account} />) },
  { pattern: "/accounts/:account/streams", screen: inAccount("streams", (p) => <StreamList account={p.account} />) },
  { pattern: "/accounts/:account/streams/:stream", screen: inAccount("streams", (p) => <StreamDetail account={p.account} stream={p.stream} />) },
  { pattern: "/accounts/:account/kv", screen: inAccount("kv", (p) => <KvBuckets account={p.account} />) },
  { pattern: "/accounts/:account/kv/:bucket", screen: inAccount("kv", (p) => <KvKeys account={p.account} bucket={p.bucket} />) },
  { pattern: "/accounts/:account/kv/:bucket/:key", screen: inAccount("kv", (p) => <KvHistory account={p.account} bucket={p.bucket} keyName={p.key} />) },
  { pattern: "/accounts/:account/object-stores", screen: inAccount("objects", (p) => <ObjectStores account={p.account} />) },
  { pattern: "/accounts/:account/object-stores/:bucket", screen: inAccount("objects", (p) => <Objects account={p.account} bucket={p.bucket} />) },
  { pattern: "/accounts/:account/audit", screen: inAccount("audit", (p) => <AuditLog account={p.account} />) },
  { pattern: "/clusters", admin: true, screen: () => <Clusters /> },
  { pattern: "/console-users", admin: true, screen: () => <ConsoleUsers /> },
  { pattern: "/operator", admin: true, screen: () => <OperatorPage /> },
  { pattern: "/audit", admin: true, screen: () => <AuditLog /> },
  { pattern: "/tokens", screen: () => <ApiTokens /> },
];

/** The screen for `loc`; a not-found page for an unknown address or one the user's role may not see. */
export function routeFor(loc: Location, session: Session): ComponentChildren {
  if (loc.path === "/") {
    const accounts = session.me.accounts ?? [];
    if (session.isOperatorAdmin || accounts.length !== 1) return <AccountList />;
    return inAccount("overview", (p) => <AccountOverview account={p.account} />)({ account: accounts[0] }, loc);
  }
  for (const r of ROUTES) {
    const params = match(r.pattern, loc.path);
    if (params && (!r.admin || session.isOperatorAdmin)) return r.screen(params, loc);
  }
  return <NotFound />;
}
