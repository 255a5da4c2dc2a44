// The console's flows in Debian's chromium against a real stack (see WebConsoleIT).
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { connect, credsAuthenticator } from "@nats-io/transport-node";
import { expect, test } from "@playwright/test";
import { readFileSync, writeFileSync } from "node:fs";
import { ADMIN_PASSWORD, check, CLUSTER, CONTROL_URL, expectSecurityHeaders, NATS_URL, OUT, signIn, signOut } from "./support";

test.describe.configure({ mode: "serial" });

// Other tests share the control plane's database: this run's names are its own.
const RUN = Date.now().toString(36).slice(-5);
const ACME = `acme-${RUN}`;
const GLOBEX = `globex-${RUN}`;
const TENANT_ADMIN = { username: `${ACME}-admin`, password: "acme-admin-password" };
const TENANT_VIEWER = { username: `${ACME}-viewer`, password: "acme-viewer-password" };
let inviteLink = "";

test("the sign-in screen: its load time is reported, it has its security headers, and it works from the keyboard", async ({ page }) => {
  const started = Date.now();
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  const interactiveMs = Date.now() - started;
  const timing = await page.evaluate(() => JSON.stringify(performance.getEntriesByType("navigation")[0]));
  writeFileSync(`${OUT}/first-screen.json`, JSON.stringify({ interactiveMs, navigation: JSON.parse(timing) }, null, 2));
  await expect(page).toHaveURL(/\/sign-in$/);
  await check(page, "sign-in");
  await expectSecurityHeaders(page, "/sign-in");

  // Keyboard only: the username has focus, Tab to the password, Enter signs in.
  await expect(page.getByLabel("Username", { exact: true })).toBeFocused();
  await page.keyboard.type("admin");
  await page.keyboard.press("Tab");
  await page.keyboard.type("wrong password");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert")).toContainText("Unauthorized");
  await page.getByLabel("Password", { exact: true }).fill(ADMIN_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Accounts" })).toBeVisible();
  // The session is a cookie no script can read.
  expect(await page.evaluate(() => document.cookie)).toBe("");
  expect(await page.evaluate(() => JSON.stringify(localStorage))).toBe("{}");
});

test("an operator-admin creates tenants and their console users", async ({ page }) => {
  await page.goto("/");
  await signIn(page, "admin", ADMIN_PASSWORD);
  for (const name of [ACME, GLOBEX]) {
    await page.getByRole("link", { name: "New account" }).click();
    if (name === ACME) await check(page, "admin-new-account");
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Description", { exact: true }).fill(`${name} corp`);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(new RegExp(`/accounts/${name}$`));
    await expect(page.getByRole("heading", { name, exact: true })).toBeVisible();
    await page.getByRole("link", { name: "Accounts", exact: true }).first().click();
  }
  await page.getByLabel("Search", { exact: true }).fill(`acme-${RUN}`);
  await expect(page).toHaveURL(new RegExp(`q=acme-${RUN}`));
  await expect(page.getByRole("link", { name: GLOBEX })).toHaveCount(0);
  await expect(page.getByRole("link", { name: ACME })).toBeVisible();
  await check(page, "admin-accounts");

  await page.getByRole("link", { name: ACME }).click();
  await expect(page.getByRole("heading", { name: "Push status" })).toBeVisible();
  // JetStream for the tenant: 64 MiB of file storage, ten streams.
  await page.getByRole("button", { name: "Edit limits" }).click();
  await page.getByLabel("JetStream file storage (bytes)").fill(String(64 * 1024 * 1024));
  await page.getByLabel("Streams", { exact: true }).fill("10");
  await page.getByRole("button", { name: "Save limits" }).click();
  await expect(page.getByRole("row", { name: /JetStream file storage 64 MiB/ })).toBeVisible();
  // The tenant's admin is invited: a one-time link, shown once.
  await page.getByLabel("For (a note)").fill("Ada, acme's admin");
  await page.getByRole("button", { name: "Create invitation link" }).click();
  inviteLink = await page.getByRole("textbox", { name: "Invitation link" }).inputValue();
  expect(inviteLink).toMatch(/\/invite#[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole("cell", { name: CLUSTER, exact: true }).first()).toBeVisible();
  await check(page, "account-overview");

  await page.getByRole("link", { name: "Console users" }).click();
  await expect(page.getByRole("row", { name: new RegExp(`${ACME} account-admin Ada, acme's admin pending`) })).toBeVisible();
  for (const [u, role] of [[TENANT_VIEWER, "account-viewer"]] as const) {
    await page.getByLabel("Username", { exact: true }).fill(u.username);
    await page.getByLabel("Initial password").fill(u.password);
    await page.getByLabel("Role", { exact: true }).selectOption(role);
    await page.getByLabel("Accounts", { exact: true }).fill(ACME);
    await page.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByRole("cell", { name: u.username })).toBeVisible();
  }
  await check(page, "admin-console-users");

  await page.getByRole("link", { name: "Clusters" }).click();
  const cluster = page.getByRole("region", { name: CLUSTER });
  await expect(cluster.getByRole("cell", { name: "connected", exact: true })).toBeVisible();
  await expect(cluster.getByRole("table", { name: "Node figures, live" }).getByRole("row")).toHaveCount(2);
  await check(page, "admin-clusters");
  await page.getByRole("link", { name: "Console users" }).click();
  await page.getByLabel("Console user", { exact: true }).selectOption(TENANT_VIEWER.username);
  await page.getByLabel("New role").selectOption("account-viewer");
  await page.getByLabel("Of accounts").fill(`${ACME}, ${GLOBEX}`);
  await page.getByRole("button", { name: "Change role" }).click();
  await expect(page.getByRole("row", { name: new RegExp(`${TENANT_VIEWER.username} account-viewer ${ACME}, ${GLOBEX}`) })).toBeVisible();
  await page.getByLabel("Of accounts").fill(ACME);
  await page.getByRole("button", { name: "Change role" }).click();
  await expect(page.getByRole("row", { name: new RegExp(`${TENANT_VIEWER.username} account-viewer ${ACME} `) })).toBeVisible();
  await page.getByRole("link", { name: "Operator" }).click();
  await expect(page.getByText("Current version")).toBeVisible();
  await page.getByRole("button", { name: "Rotate the master key" }).click();
  await page.getByRole("button", { name: "Yes, rotate the master key" }).click();
  await expect(page.getByRole("status")).toContainText("secrets re-encrypted");
  await check(page, "admin-operator");
  await signOut(page);
});

test("the invitee opens the link, chooses a username and password, and lands in the account", async ({ page }) => {
  await page.goto(inviteLink);
  await expect(page.getByRole("heading", { name: `Join ${ACME}` })).toBeVisible();
  await page.getByLabel("Choose a username").fill(TENANT_ADMIN.username);
  await page.getByLabel("Choose a password").fill(TENANT_ADMIN.password);
  await page.getByLabel("Repeat the password").fill("something else");
  await expect(page.getByText("the passwords differ")).toBeVisible();
  await page.getByLabel("Repeat the password").fill(TENANT_ADMIN.password);
  await check(page, "invitation");
  await page.getByRole("button", { name: `Join ${ACME}` }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${ACME}$`));
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByText(`${TENANT_ADMIN.username} (account-admin)`)).toBeVisible();
  await signOut(page);
  // The link works once.
  await page.goto(inviteLink);
  await expect(page.getByRole("heading", { name: "This invitation cannot be used" })).toBeVisible();
  await expect(page.getByText("this invitation has been used already")).toBeVisible();
});

test("a tenant admin creates a user, downloads its creds, a client connects with them, and revoking it disconnects the client", async ({ page }) => {
  await page.goto("/");
  await signIn(page, TENANT_ADMIN.username, TENANT_ADMIN.password);
  // One account: the tenant lands in it.
  await expect(page.getByRole("heading", { name: ACME, exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByText("No users yet")).toBeVisible();
  await check(page, "tenant-users-empty");
  await page.getByRole("link", { name: "New user" }).click();
  await page.getByLabel("Name", { exact: true }).fill("app");

  // Subjects are checked as they are typed.
  const pubAllow = page.getByLabel("Publish: allow");
  await pubAllow.fill("greetings.>\nfoo..bar");
  await expect(page.getByText("line 2 (“foo..bar”): tokens between dots cannot be empty")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create user" })).toBeDisabled();
  await pubAllow.fill("greetings.>\n_INBOX.>\n$JS.API.>\n$KV.>");
  await page.getByLabel("Subscribe: allow").fill("greetings.>\n_INBOX.>");
  await page.getByLabel("Allowed networks").fill("not-a-network");
  await expect(page.getByText("not an address or CIDR: not-a-network")).toBeVisible();
  await page.getByLabel("Allowed networks").fill("127.0.0.0/8");
  await check(page, "tenant-new-user");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${ACME}/users/app\\?created=1$`));

  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download creds" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${ACME}-app.creds`);
  const creds = readFileSync((await download.path())!);
  expect(creds.toString()).toContain("BEGIN NATS USER JWT");
  await expect(page.getByText(`nats --creds ${ACME}-app.creds`).first()).toBeVisible();
  await check(page, "tenant-user-creds");

  // A real client connects with the file and exchanges messages (the account reaches the node by push).
  let nc;
  for (let i = 0; ; i++) {
    try {
      nc = await connect({ servers: NATS_URL, authenticator: credsAuthenticator(creds), reconnect: false });
      break;
    } catch (e) {
      if (i > 40) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const sub = nc.subscribe("greetings.>", { max: 1 });
  nc.publish("greetings.hello", "world");
  for await (const m of sub) expect(m.string()).toBe("world");
  const closed = nc.closed();

  // The tenant's JetStream, browsed in the console: a stream, its messages, a live tail, a KV bucket.
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: "GREETINGS", subjects: ["greetings.>"] });
  const js = jetstream(nc);
  for (const [subject, text] of [["greetings.en", "hello"], ["greetings.fr", "bonjour"], ["greetings.en", "hi"]]) {
    await js.publish(subject, text);
  }
  await jsm.consumers.add("GREETINGS", { durable_name: "reader", ack_policy: AckPolicy.Explicit });
  const kv = await new Kvm(nc).create("settings", { history: 5 });
  await kv.put("theme", "light");
  await kv.put("theme", "dark");

  await page.getByRole("link", { name: "Overview" }).click();
  await expect(page.locator(".meter", { hasText: "JetStream file storage" })).toContainText("of 64 MiB");
  await check(page, "tenant-overview-usage");
  await page.getByRole("link", { name: "Streams" }).click();
  await expect(page.getByRole("link", { name: "GREETINGS" })).toBeVisible();
  await check(page, "tenant-streams");
  await page.getByRole("link", { name: "GREETINGS" }).click();
  await expect(page.getByRole("cell", { name: "bonjour" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "reader" })).toBeVisible();
  await page.getByLabel("Subject filter").fill("greetings.en");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/subject=greetings.en/);
  await expect(page.getByRole("cell", { name: "bonjour" })).toHaveCount(0);
  await expect(page.getByRole("cell", { name: "hi", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Live tail" }).click();
  await js.publish("greetings.en", "live one");
  await expect(page.getByRole("cell", { name: "live one" })).toBeVisible();
  await page.getByRole("button", { name: "Stop live tail" }).click();
  await check(page, "tenant-stream");
  await page.getByRole("link", { name: "Key/Value" }).click();
  await check(page, "tenant-kv");
  await page.getByRole("link", { name: "settings" }).click();
  await expect(page.getByRole("link", { name: "theme" })).toBeVisible();
  await check(page, "tenant-kv-keys");
  await page.getByRole("link", { name: "theme" }).click();
  await expect(page.getByRole("row", { name: /dark/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /light/ })).toBeVisible();
  await check(page, "tenant-kv-history");
  await page.getByRole("link", { name: "Object stores" }).click();
  await expect(page.getByText("No object stores.")).toBeVisible();
  await check(page, "tenant-object-stores");
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("link", { name: "app" })).toBeVisible();
  await check(page, "tenant-users");
  await page.getByRole("link", { name: "app" }).click();

  await page.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("button", { name: "Yes, revoke" }).click();
  await expect(page.getByText("Every creds issued so far is revoked.")).toBeVisible();
  const outcome = await Promise.race([closed.then(() => "closed"), new Promise((r) => setTimeout(() => r("still connected"), 15_000))]);
  expect(outcome).toBe("closed");
  await expect(page.getByRole("cell", { name: "revoked" })).toBeVisible();

  await page.getByRole("link", { name: "Audit trail" }).click();
  for (const action of ["user.create", "user.creds", "user.revoke"]) {
    await expect(page.getByRole("cell", { name: action }).first()).toBeVisible();
  }
  await check(page, "tenant-audit");
  await page.getByRole("link", { name: "Signing keys" }).click();
  await check(page, "tenant-signing-keys");
  await page.getByRole("link", { name: "Exports & imports" }).click();
  await check(page, "tenant-sharing");
  await page.getByRole("link", { name: "API tokens" }).click();
  await check(page, "tokens");
  await signOut(page);
});

test("a viewer sees every screen read-only, with no button that would fail", async ({ page }) => {
  await page.goto("/");
  await signIn(page, TENANT_VIEWER.username, TENANT_VIEWER.password);
  await expect(page.getByText("read-only")).toBeVisible();
  await expect(page.getByRole("button", { name: "Edit limits" })).toHaveCount(0);
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("link", { name: "app" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New user" })).toHaveCount(0);
  await page.getByRole("link", { name: "app" }).click();
  await expect(page.getByRole("heading", { name: "Issued creds" })).toBeVisible();
  for (const name of ["Download creds", "Revoke", "Rotate key", "Delete"]) {
    await expect(page.getByRole("button", { name })).toHaveCount(0);
  }
  await check(page, "viewer-user");
  await page.getByRole("link", { name: "Signing keys" }).click();
  await expect(page.getByRole("button", { name: "Add key" })).toHaveCount(0);
  await page.getByRole("link", { name: "Exports & imports" }).click();
  await expect(page.getByRole("button", { name: "Export" })).toHaveCount(0);
  await page.goto(`/accounts/${ACME}/users/_new`);
  await expect(page.getByText("You can see this account's users but not create them.")).toBeVisible();
});

test("acme's admin never sees globex, not in lists and not by its address", async ({ page }) => {
  await page.goto("/");
  await signIn(page, TENANT_ADMIN.username, TENANT_ADMIN.password);
  await page.goto("/accounts");
  await expect(page.getByRole("link", { name: ACME }).first()).toBeVisible();
  await expect(page.getByText(GLOBEX)).toHaveCount(0);
  for (const path of [`/accounts/${GLOBEX}`, `/accounts/${GLOBEX}/users`, "/audit", "/console-users"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  }
  await check(page, "not-found");
});

test("the audit log's filters live in the URL and survive a reload", async ({ page }) => {
  await page.goto("/");
  await signIn(page, "admin", ADMIN_PASSWORD);
  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByLabel("Account", { exact: true }).fill(ACME);
  await page.getByLabel("Action", { exact: true }).fill("user.revoke");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=user.revoke/);
  await page.reload();
  await expect(page.getByLabel("Action", { exact: true })).toHaveValue("user.revoke");
  await expect(page.getByRole("cell", { name: "user.revoke" })).toHaveCount(1);
  await expect(page.getByRole("cell", { name: "user.create" })).toHaveCount(0);
  // saved under a name, it is a link that brings the same filters back
  await page.getByLabel("Save these filters as").fill("acme revokes");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("button", { name: "Clear" }).click();
  await expect(page.getByLabel("Action", { exact: true })).toHaveValue("");
  await page.getByRole("navigation", { name: "Saved filters" }).getByRole("link", { name: "acme revokes" }).click();
  await expect(page.getByLabel("Action", { exact: true })).toHaveValue("user.revoke");
  await check(page, "admin-audit");
});

test("when the session ends, sign-in brings the user back to the page they were on", async ({ page, context }) => {
  await page.goto(`/accounts/${ACME}/users`);
  await signIn(page, TENANT_ADMIN.username, TENANT_ADMIN.password);
  await expect(page).toHaveURL(new RegExp(`/accounts/${ACME}/users$`));
  await expect(page.getByRole("link", { name: "app" })).toBeVisible(); // the page has settled
  await context.clearCookies(); // what an expired session looks like to the page
  await page.getByRole("link", { name: "Audit trail" }).click();
  await expect(page).toHaveURL(new RegExp(`/sign-in\\?next=%2Faccounts%2F${ACME}%2Faudit$`));
  await expect(page.getByText("Your session has ended")).toBeVisible();
  await signIn(page, TENANT_ADMIN.username, TENANT_ADMIN.password);
  await expect(page).toHaveURL(new RegExp(`/accounts/${ACME}/audit$`));
});

test("when the database is down the page says so, and recovers when it is back", async ({ page }) => {
  await page.goto("/");
  await signIn(page, "admin", ADMIN_PASSWORD);
  await expect(page.getByRole("heading", { name: "Accounts" })).toBeVisible();
  expect((await fetch(`${CONTROL_URL}/db/stop`, { method: "POST" })).status).toBe(204);
  try {
    await page.getByRole("link", { name: "Clusters" }).click();
    await expect(page.getByRole("alert")).toContainText("Service Unavailable");
    await expect(page.getByRole("alert")).toContainText("database");
    await check(page, "database-unavailable");
  } finally {
    expect((await fetch(`${CONTROL_URL}/db/start`, { method: "POST" })).status).toBe(204);
  }
  const retry = page.getByRole("button", { name: "Try again" });
  await expect(async () => {
    if (await retry.isVisible()) await retry.click({ timeout: 2000 });
    await expect(page.getByRole("region", { name: CLUSTER })).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 60_000 });
  // still signed in: an outage is not a sign-out
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});
