// Runs JetStream stream scenarios with the official nats.js client (@nats-io/jetstream) against the server at
// argv[2] and prints one JSON object: scenario name -> "ok" or the error. Used by data-plane's NatsJsJetStreamIT;
// every wait is bounded.
import { connect, headers } from "@nats-io/transport-node";
import jetstreamPackage from "@nats-io/jetstream";
import { te, td, results, scenario, expect } from "./scenarios.mjs";

const { jetstream, jetstreamManager } = jetstreamPackage;

const url = process.argv[2];

// The JetStream error code a call fails with, or an error if it does not fail.
async function errCode(fn) {
  try {
    await fn();
  } catch (e) {
    return e?.code ?? e?.apiError?.()?.err_code ?? String(e?.message ?? e);
  }
  throw new Error("expected a JetStream error");
}

const nc = await connect({ servers: url, name: "nats.js-jetstream-test" });
const jsm = await jetstreamManager(nc);
const js = jetstream(nc);

await scenario("account info", async () => {
  const ai = await jsm.getAccountInfo();
  expect(typeof ai.streams === "number" && ai.limits !== undefined, "streams and limits");
});

await scenario("create, idempotent re-create, conflicting config", async () => {
  await jsm.streams.add({ name: "JS1", subjects: ["js1.>"] });
  await jsm.streams.add({ name: "JS1", subjects: ["js1.>"] });
  const code = await errCode(() => jsm.streams.add({ name: "JS1", subjects: ["js1.>"], max_msgs: 3 }));
  expect(code === 10058, "10058, got " + code);
});

await scenario("publish acks, duplicates, expectations", async () => {
  const a = await js.publish("js1.a", te.encode("one"), { msgID: "m1" });
  expect(a.stream === "JS1" && a.seq === 1 && !a.duplicate, "seq 1");
  const d = await js.publish("js1.a", te.encode("one"), { msgID: "m1" });
  expect(d.duplicate && d.seq === 1, "duplicate of 1");
  await js.publish("js1.b", te.encode("two"), { expect: { lastSequence: 1 } });
  const wrong = await errCode(() => js.publish("js1.b", te.encode("x"), { expect: { lastSequence: 1 } }));
  expect(wrong === 10071, "10071, got " + wrong);
  const other = await errCode(() => js.publish("js1.b", te.encode("x"), { expect: { streamName: "NOPE" } }));
  expect(other === 10060, "10060, got " + other);
});

await scenario("headers stored and read back", async () => {
  const h = headers();
  h.set("X-Order", "42");
  await js.publish("js1.h", te.encode("with headers"), { headers: h });
  const sm = await jsm.streams.getMessage("JS1", { last_by_subj: "js1.h" });
  expect(td.decode(sm.data) === "with headers" && sm.header.get("X-Order") === "42", "headers back");
});

await scenario("info, names, list", async () => {
  const si = await jsm.streams.info("JS1");
  expect(si.state.messages === 3 && si.config.name === "JS1", "3 messages, got " + si.state.messages);
  const names = [];
  for await (const n of jsm.streams.names()) names.push(n);
  expect(names.includes("JS1"), "JS1 listed");
  const infos = [];
  for await (const i of jsm.streams.list()) infos.push(i.config.name);
  expect(infos.includes("JS1"), "JS1 in list");
});

await scenario("update limits trims", async () => {
  const si = await jsm.streams.update("JS1", { subjects: ["js1.>"], max_msgs: 2 });
  expect(si.state.messages === 2, "trimmed to 2, got " + si.state.messages);
});

await scenario("get and delete messages", async () => {
  const sm = await jsm.streams.getMessage("JS1", { seq: 3 });
  expect(sm.seq === 3 && sm.subject === "js1.h", "seq 3");
  expect(await jsm.streams.deleteMessage("JS1", 3), "deleted");
  // nats.js 3 answers a 10037 (no message found) with null
  const missing = await jsm.streams.getMessage("JS1", { seq: 3 });
  expect(missing === null, "no message, got " + JSON.stringify(missing));
});

await scenario("direct get", async () => {
  await jsm.streams.add({ name: "JS2", subjects: ["js2.>"], allow_direct: true });
  await js.publish("js2.k", te.encode("v1"));
  await js.publish("js2.k", te.encode("v2"));
  const m = await jsm.direct.getMessage("JS2", { last_by_subj: "js2.k" });
  expect(m !== null && td.decode(m.data) === "v2" && m.seq === 2, "last value v2");
});

await scenario("purge", async () => {
  await js.publish("js2.p", te.encode("x"));
  const r = await jsm.streams.purge("JS2", { filter: "js2.k" });
  expect(r.success && r.purged === 2, "purged 2, got " + r.purged);
});

await scenario("stream not found", async () => {
  try {
    await jsm.streams.info("NOPE");
  } catch (e) {
    // nats.js matches this description textually (its StreamNotFoundError)
    expect(e?.name === "StreamNotFoundError" && e?.message === "stream not found", "StreamNotFoundError, got " + e);
    return;
  }
  throw new Error("expected stream not found");
});

await scenario("publish without a stream", async () => {
  try {
    await js.publish("no.stream.here", te.encode("x"), { timeout: 2000, retries: 0 });
  } catch (e) {
    return;
  }
  throw new Error("expected a failure");
});

await scenario("delete streams", async () => {
  expect(await jsm.streams.delete("JS1"), "JS1 deleted");
  expect(await jsm.streams.delete("JS2"), "JS2 deleted");
  const code = await errCode(() => jsm.streams.info("JS1"));
  expect(code === 10059, "10059, got " + code);
});

await nc.close();
console.log(JSON.stringify(results));
