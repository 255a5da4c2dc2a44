// Oracle for auth/'s tests: runs the official NATS JavaScript libraries (@nats-io/jwt, @nats-io/nkeys).
//   node oracle.mjs make REQUEST.json   -> identities made by the JS libraries, as JSON on stdout
//   node oracle.mjs check REQUEST.json  -> what the JS libraries say about identities made by auth/
// REQUEST.json carries the inputs (nonce, our tokens, creds, seeds). Errors are reported per case, never thrown.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const jwt = require("@nats-io/jwt");
const nkeys = require("@nats-io/nkeys");

const [mode, requestFile] = process.argv.slice(2);
const request = JSON.parse(readFileSync(requestFile, "utf8"));
const enc = new TextEncoder();
const b64 = (bytes) => Buffer.from(bytes).toString("base64");
const b64url = (bytes) => Buffer.from(bytes).toString("base64url");

async function make() {
  const nonce = enc.encode(request.nonce);
  const keys = [];
  for (const [type, create] of Object.entries({
    operator: nkeys.createOperator, account: nkeys.createAccount, user: nkeys.createUser,
    server: nkeys.createServer, cluster: nkeys.createCluster,
  })) {
    for (let i = 0; i < 10; i++) {
      const kp = create();
      keys.push({ type, seed: new TextDecoder().decode(kp.getSeed()), pub: kp.getPublicKey(), sig: b64(kp.sign(nonce)) });
    }
  }

  const op = nkeys.createOperator(), opSigner = nkeys.createOperator();
  const sys = nkeys.createAccount(), exporter = nkeys.createAccount(), importer = nkeys.createAccount();
  const expSigner = nkeys.createAccount(), scopeKey = nkeys.createAccount();
  const operatorJwt = await jwt.encodeOperator("js-op", op, {
    signing_keys: [opSigner.getPublicKey()], system_account: sys.getPublicKey(),
  });
  // jwt.js writes no "limits" unless given; NATS reads absent limits as 0 (not unlimited), so say them.
  const unlimited = { conn: -1, subs: -1, payload: -1, data: -1, imports: -1, exports: -1, wildcards: true, leaf: -1 };
  const sysJwt = await jwt.encodeAccount("SYS", sys, { limits: unlimited }, { signer: opSigner });
  const scoped = jwt.newScopedSigner(scopeKey, "app", {
    pub: { allow: ["app.{{name()}}.>"] }, sub: { allow: ["_INBOX.>"] },
  });
  const exporterJwt = await jwt.encodeAccount("exporter", exporter, {
    limits: unlimited,
    signing_keys: [expSigner.getPublicKey(), scoped],
    exports: [
      { name: "prices", subject: "prices.>", type: "stream" },
      { name: "api", subject: "api.>", type: "service", token_req: true, response_type: "Singleton" },
    ],
    default_permissions: { sub: { allow: ["public.>"] } },
  }, { signer: opSigner });
  const activation = await jwt.encodeActivation("api", importer, exporter, "service", { subject: "api.>" });
  const importerJwt = await jwt.encodeAccount("importer", importer, {
    limits: unlimited,
    imports: [
      { name: "prices", subject: "prices.>", account: exporter.getPublicKey(), type: "stream" },
      { name: "api", subject: "api.orders", account: exporter.getPublicKey(), type: "service", token: activation },
    ],
  }, { signer: opSigner });

  // No limits at all: imports are limited to 0, so this account is invalid for NATS.
  const bareJwt = await jwt.encodeAccount("bare", nkeys.createAccount(), {
    imports: [{ name: "prices", subject: "prices.>", account: exporter.getPublicKey(), type: "stream" }],
  }, { signer: opSigner });

  const users = [];
  const addUser = async (label, user, opts, issuer = exporter) => {
    const ukp = nkeys.createUser();
    const token = await jwt.encodeUser(label, ukp, issuer, user, opts);
    users.push({
      label, jwt: token, pub: ukp.getPublicKey(), sig: b64(ukp.sign(nonce)),
      creds: new TextDecoder().decode(jwt.fmtCreds(token, ukp)),
    });
  };
  await addUser("plain", { pub: { allow: ["orders.>"] } }, {});
  await addUser("by-signing-key", {}, { signer: expSigner });
  await addUser("scoped", {}, { signer: scopeKey, scopedUser: true });
  await addUser("bearer", { bearer_token: true }, {});
  await addUser("expiring", {}, { exp: Math.floor(Date.now() / 1000) + 3600 });
  await addUser("expired", {}, { exp: Math.floor(Date.now() / 1000) - 3600 });
  await addUser("limited", { subs: 10, payload: 1024, src: ["127.0.0.0/8"], resp: { max: 1, ttl: 0 } }, {});
  await addUser("importer-user", {}, {}, importer);

  return {
    keys,
    operator: operatorJwt,
    accounts: { SYS: sysJwt, exporter: exporterJwt, importer: importerJwt },
    bare: bareJwt,
    exporterId: exporter.getPublicKey(), importerId: importer.getPublicKey(), scopeKey: scopeKey.getPublicKey(),
    users,
  };
}

async function check() {
  const nonce = enc.encode(request.nonce);
  const tokens = request.tokens.map((t) => {
    try {
      const c = jwt.decode(t);
      return { ok: true, claims: c };
    } catch (e) {
      return { ok: false, error: String(e.message ?? e) };
    }
  });
  const creds = [];
  for (const text of request.creds) {
    try {
      const parsed = await jwt.parseCreds(enc.encode(text));
      const kp = nkeys.fromSeed(enc.encode(parsed.key));
      creds.push({ ok: true, jwt: parsed.jwt, account: parsed.aid, pub: kp.getPublicKey() });
    } catch (e) {
      creds.push({ ok: false, error: String(e.message ?? e) });
    }
  }
  const keys = request.keys.map((k) => {
    const kp = nkeys.fromSeed(enc.encode(k.seed));
    const pub = nkeys.fromPublic(k.pub);
    return {
      pub: kp.getPublicKey(),
      sig: b64url(kp.sign(nonce)),
      verifiesOurs: pub.verify(nonce, Buffer.from(k.sig, "base64url")),
    };
  });
  return { tokens, creds, keys };
}

const result = mode === "make" ? await make() : await check();
process.stdout.write(JSON.stringify(result));
