// Runs core NATS scenarios with the official nats.js client against the server at argv[2] and prints one JSON
// object: scenario name -> "ok" or the error. Used by data-plane's NatsJsIT; every wait is bounded.
import { connect, headers, Empty } from "@nats-io/transport-node";
import { te, td, results, scenario, expect } from "./scenarios.mjs";

const url = process.argv[2];

async function collect(sub, n) {
  const got = [];
  for await (const m of sub) {
    got.push(m);
    if (got.length === n) break;
  }
  return got;
}

const nc = await connect({ servers: url, name: "nats.js-test" });
const other = await connect({ servers: url });

await scenario("pubsub", async () => {
  const sub = nc.subscribe("js.a", { max: 1 });
  await nc.flush();
  nc.publish("js.a", te.encode("hello"));
  const [m] = await collect(sub, 1);
  expect(td.decode(m.data) === "hello", "hello");
});

await scenario("wildcards", async () => {
  const star = nc.subscribe("js.w.*", { max: 1 });
  const gt = nc.subscribe("js.w.>", { max: 2 });
  await nc.flush();
  for (const s of ["js.w.a", "js.w.a.b"]) nc.publish(s, Empty);
  const [a] = await collect(star, 1);
  const b = await collect(gt, 2);
  expect(a.subject === "js.w.a" && b.map((m) => m.subject).join() === "js.w.a,js.w.a.b", "wildcard matches");
});

await scenario("queue groups", async () => {
  let q = 0, plain = 0;
  const s1 = nc.subscribe("js.q", { queue: "g", callback: () => q++ });
  const s2 = other.subscribe("js.q", { queue: "g", callback: () => q++ });
  const s3 = nc.subscribe("js.q", { callback: () => plain++ });
  await nc.flush(); await other.flush();
  for (let i = 0; i < 200; i++) nc.publish("js.q", Empty);
  await nc.flush(); await other.flush();
  await new Promise((r) => setTimeout(r, 300));
  s1.unsubscribe(); s2.unsubscribe(); s3.unsubscribe();
  expect(q === 200 && plain === 200, `200 to the group and 200 plain, got ${q} and ${plain}`);
});

await scenario("request reply", async () => {
  const svc = other.subscribe("js.svc", { callback: (err, m) => m.respond(te.encode("re:" + td.decode(m.data))) });
  await other.flush();
  const r = await nc.request("js.svc", te.encode("hi"), { timeout: 2000 });
  svc.unsubscribe();
  expect(td.decode(r.data) === "re:hi", "re:hi");
});

await scenario("no responders", async () => {
  try {
    await nc.request("js.nobody", Empty, { timeout: 3000 });
    throw new Error("request to nobody succeeded");
  } catch (e) {
    expect(/no responders/i.test(String(e.message)) || e.code === "503", "a no-responders error, got " + e.message);
  }
});

await scenario("headers", async () => {
  const sub = nc.subscribe("js.h", { max: 1 });
  await nc.flush();
  const h = headers();
  h.append("A", "1");
  h.append("A", "2");
  nc.publish("js.h", te.encode("body"), { headers: h });
  const [m] = await collect(sub, 1);
  expect(m.headers.values("A").join() === "1,2" && td.decode(m.data) === "body", "headers A=1,2");
});

await scenario("echo off", async () => {
  const quiet = await connect({ servers: url, noEcho: true });
  let own = 0;
  quiet.subscribe("js.echo", { callback: () => own++ });
  const theirs = other.subscribe("js.echo", { max: 1 });
  await quiet.flush(); await other.flush();
  quiet.publish("js.echo", Empty);
  await collect(theirs, 1);
  await quiet.flush();
  await new Promise((r) => setTimeout(r, 200));
  await quiet.close();
  expect(own === 0, "no echo");
});

await scenario("auto unsubscribe", async () => {
  const sub = nc.subscribe("js.max", { max: 3 });
  await nc.flush();
  for (let i = 0; i < 10; i++) nc.publish("js.max", Empty);
  const got = await collect(sub, 10);
  expect(got.length === 3, "3 messages, got " + got.length);
});

await scenario("max payload", async () => {
  const big = new Uint8Array(nc.info.max_payload);
  big[big.length - 1] = 7;
  const sub = nc.subscribe("js.big", { max: 1 });
  await nc.flush();
  nc.publish("js.big", big);
  const [m] = await collect(sub, 1);
  expect(m.data.length === big.length && m.data[big.length - 1] === 7, "the whole payload");
});

await scenario("drain", async () => {
  const c = await connect({ servers: url });
  c.subscribe("js.drain", { callback: () => {} });
  await c.drain();
  expect(c.isClosed(), "closed after drain");
});

await nc.close();
await other.close();
process.stdout.write(JSON.stringify(results));
