// Runs JetStream consumer, Key/Value and Object Store scenarios with the official nats.js clients (@nats-io/jetstream,
// @nats-io/kv, @nats-io/obj) against the server at argv[2] and prints one JSON object: scenario name -> "ok" or the
// error. Used by data-plane's NatsJsConsumersIT; every wait is bounded.
import { connect, nanos } from "@nats-io/transport-node";
import jetstreamPackage from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { Objm } from "@nats-io/obj";
import { te, td, results, scenario, expect } from "./scenarios.mjs";

const { jetstream, jetstreamManager, AckPolicy } = jetstreamPackage;

const url = process.argv[2];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The JetStream error code a call fails with, or an error if it does not fail.
async function errCode(fn) {
  try {
    await fn();
  } catch (e) {
    return e?.code ?? e?.apiError?.()?.err_code ?? String(e?.message ?? e);
  }
  throw new Error("expected a JetStream error");
}

// Polls fn until it returns true, at most ms; fails with what.
async function eventually(fn, what, ms = 3000) {
  const until = Date.now() + ms;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > until) throw new Error("expected " + what);
    await sleep(50);
  }
}

// Reads `n` messages from an iterator, acking each if `ack`, then stops it; returns them.
async function take(iter, n, ack = true) {
  const got = [];
  for await (const m of iter) {
    got.push(m);
    if (ack) m.ack();
    if (got.length === n) break;
  }
  await iter.close?.();
  return got;
}

async function publishN(js, subject, n, body = (i) => te.encode("m" + i)) {
  // in windows of 100 concurrent publishes, so 1,000 messages take well under the scenario's bound
  for (let i = 0; i < n; i += 100) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 100); j++) batch.push(js.publish(subject, body(j + 1)));
    await Promise.all(batch);
  }
}

const nc = await connect({ servers: url, name: "nats.js-consumers-test" });
const jsm = await jetstreamManager(nc);
const js = jetstream(nc);

await scenario("durable pull consumer: next", async () => {
  await jsm.streams.add({ name: "C1", subjects: ["c1.>"] });
  await publishN(js, "c1.a", 10);
  await jsm.consumers.add("C1", { durable_name: "next", ack_policy: AckPolicy.Explicit });
  const c = await js.consumers.get("C1", "next");
  for (let i = 1; i <= 10; i++) {
    const m = await c.next({ expires: 2000 });
    expect(m !== null, "message " + i + ", got none");
    expect(m.seq === i && m.string() === "m" + i && m.subject === "c1.a", "seq " + i + ", got " + m.seq);
    expect(m.info.deliveryCount === 1 && !m.redelivered, "first delivery");
    expect(m.info.pending === 10 - i, "pending " + (10 - i) + ", got " + m.info.pending);
    m.ack();
  }
  const none = await c.next({ expires: 1000 });
  expect(none === null, "no message once drained, got seq " + none?.seq);
});

await scenario("durable pull consumer: fetch", async () => {
  await jsm.consumers.add("C1", { durable_name: "fetch", ack_policy: AckPolicy.Explicit });
  const c = await js.consumers.get("C1", "fetch");
  const first = await take(await c.fetch({ max_messages: 4, expires: 2000 }), 4);
  expect(first.map((m) => m.seq).join() === "1,2,3,4", "seqs 1-4, got " + first.map((m) => m.seq));
  // more asked than there is: the rest, then the request expires
  const started = Date.now();
  const rest = [];
  for await (const m of await c.fetch({ max_messages: 20, expires: 1000 })) {
    rest.push(m.seq);
    m.ack();
  }
  expect(rest.join() === "5,6,7,8,9,10", "seqs 5-10, got " + rest);
  expect(Date.now() - started < 5000, "the fetch to end when it expires");
  const empty = [];
  for await (const m of await c.fetch({ max_messages: 5, expires: 1000 })) empty.push(m.seq);
  expect(empty.length === 0, "an empty fetch, got " + empty);
});

await scenario("durable pull consumer: consume 1,000 with acks", async () => {
  await jsm.streams.add({ name: "C2", subjects: ["c2.>"] });
  await publishN(js, "c2.x", 1000);
  await jsm.consumers.add("C2", { durable_name: "many", ack_policy: AckPolicy.Explicit });
  const c = await js.consumers.get("C2", "many");
  const iter = await c.consume({ max_messages: 100 });
  const seqs = await take(iter, 1000);
  for (let i = 0; i < 1000; i++) {
    if (seqs[i].seq !== i + 1) throw new Error("expected seq " + (i + 1) + " at " + i + ", got " + seqs[i].seq);
  }
  await eventually(async () => {
    const ci = await c.info();
    return ci.num_ack_pending === 0 && ci.num_pending === 0 && ci.ack_floor.stream_seq === 1000;
  }, "every message acknowledged (ack floor 1000, nothing pending)");
});

await scenario("ack kinds: ack, ackAck, nak with delay, working, term", async () => {
  await jsm.streams.add({ name: "C3", subjects: ["c3.>"] });
  await publishN(js, "c3.k", 5);
  await jsm.consumers.add("C3", {
    durable_name: "kinds",
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(1500),
  });
  const c = await js.consumers.get("C3", "kinds");
  const [m1, m2, m3, m4, m5] = await take(await c.fetch({ max_messages: 5, expires: 2000 }), 5, false);
  const delivered = Date.now();
  expect(m5?.seq === 5, "5 messages");
  m1.ack();
  expect((await m2.ackAck()) === true, "the server to confirm the ack");
  expect((await m2.ackAck()) === false, "a second ackAck of one message to be refused by the client");
  const nakAt = Date.now();
  m3.nak(400);
  m4.working();
  m5.term();
  const again = await c.next({ expires: 2000 });
  const after = Date.now() - nakAt;
  expect(again !== null && again.seq === 3, "seq 3 redelivered after the nak, got " + again?.seq);
  // after the nak's delay, well before the 1.5 s ack wait
  expect(after >= 350 && after < 1300, "the nak's 400 ms delay, redelivered after " + after + " ms");
  expect(again.redelivered && again.info.deliveryCount === 2, "deliveryCount 2, got " + again.info.deliveryCount);
  expect(await again.ackAck(), "acked");
  // m4 kept in progress past its 1.5 s ack wait by a second working(), then acked
  await sleep(1000 - (Date.now() - delivered));
  m4.working();
  await sleep(2000 - (Date.now() - delivered));
  expect(await m4.ackAck(), "seq 4 acked after working() past its ack wait");
  // nothing left: m1 and m2 acked, m4 kept alive then acked, m5 terminated
  const none = await c.next({ expires: 2000 });
  expect(none === null, "no redelivery, got seq " + none?.seq + " delivered " + none?.info.deliveryCount);
  const ci = await c.info();
  expect(ci.num_ack_pending === 0 && ci.ack_floor.stream_seq === 5, "ack floor 5, got " + JSON.stringify(ci.ack_floor));
});

await scenario("redelivery: nak, ack wait, max deliver", async () => {
  await js.publish("c3.r", te.encode("r1"));
  await jsm.consumers.add("C3", {
    durable_name: "redeliver",
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(1000),
    max_deliver: 3,
    filter_subject: "c3.r",
  });
  const c = await js.consumers.get("C3", "redeliver");
  const first = await c.next({ expires: 2000 });
  expect(first?.seq === 6 && first.info.deliveryCount === 1 && !first.redelivered, "seq 6 delivered once");
  first.nak();
  const second = await c.next({ expires: 2000 });
  expect(second?.seq === 6 && second.info.deliveryCount === 2 && second.redelivered, "seq 6 again at once");
  // not acked: back after the ack wait
  const started = Date.now();
  const third = await c.next({ expires: 3000 });
  expect(third?.seq === 6 && third.info.deliveryCount === 3, "seq 6 a third time, got " + third?.seq);
  expect(Date.now() - started >= 700, "the 1 s ack wait, redelivered after " + (Date.now() - started) + " ms");
  // max_deliver 3 reached: never again
  const none = await c.next({ expires: 2500 });
  expect(none === null, "no fourth delivery, got seq " + none?.seq + " delivered " + none?.info.deliveryCount);
  await js.publish("c3.r", te.encode("r2"));
  const next = await c.next({ expires: 2000 });
  expect(next?.seq === 7 && next.info.deliveryCount === 1, "seq 7 next, got " + next?.seq);
  next.ack();
});

// nats-server 2.9 takes only a bare +TERM (a reason came in 2.10): NatsJsConsumersIT lets this one fail there
await scenario("term with a reason", async () => {
  await jsm.consumers.add("C3", {
    durable_name: "term",
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(1000),
    filter_subject: "c3.k",
  });
  const advisories = nc.subscribe("$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.C3.term", { max: 1 });
  const c = await js.consumers.get("C3", "term");
  const ms = await take(await c.fetch({ max_messages: 5, expires: 2000 }), 5, false);
  ms[0].term("bad payload");
  for (const m of ms.slice(1)) m.ack();
  let advisory = null;
  const timer = setTimeout(() => advisories.unsubscribe(), 2000);
  for await (const a of advisories) advisory = JSON.parse(td.decode(a.data));
  clearTimeout(timer);
  expect(advisory !== null, "a MSG_TERMINATED advisory");
  expect(advisory.stream_seq === 1 && advisory.reason === "bad payload", "its reason, got " + JSON.stringify(advisory));
  const none = await c.next({ expires: 2000 });
  expect(none === null, "no redelivery of the terminated message, got seq " + none?.seq);
});

await scenario("ordered consumer reads everything", async () => {
  const c = await js.consumers.get("C2");
  const iter = await c.consume();
  const got = await take(iter, 1000, false);
  for (let i = 0; i < 1000; i++) {
    if (got[i].seq !== i + 1 || got[i].string() !== "m" + (i + 1)) {
      throw new Error("expected seq " + (i + 1) + ", got " + got[i].seq);
    }
  }
  const o = await js.consumers.get("C1", { filter_subjects: "c1.a", opt_start_seq: 8 });
  const tail = [];
  for await (const m of await o.fetch({ max_messages: 10, expires: 1000 })) tail.push(m.seq);
  expect(tail.join() === "8,9,10", "seqs 8-10 from the start sequence, got " + tail);
});

await scenario("consumer info, update, list, delete", async () => {
  await jsm.consumers.add("C1", { durable_name: "admin", ack_policy: AckPolicy.Explicit, filter_subject: "c1.a" });
  const ci = await jsm.consumers.info("C1", "admin");
  expect(ci.name === "admin" && ci.stream_name === "C1" && ci.num_pending === 10, "info, got " + ci.num_pending);
  expect(ci.config.durable_name === "admin" && ci.config.ack_policy === AckPolicy.Explicit, "config back");
  const up = await jsm.consumers.update("C1", "admin", { description: "updated", max_ack_pending: 50 });
  expect(up.config.description === "updated" && up.config.max_ack_pending === 50, "update applied");
  const names = [];
  for await (const i of jsm.consumers.list("C1")) names.push(i.name);
  for (const n of ["next", "fetch", "admin"]) expect(names.includes(n), n + " listed, got " + names);
  expect(await jsm.consumers.delete("C1", "admin"), "deleted");
  const gone = await errCode(() => jsm.consumers.info("C1", "admin"));
  expect(gone === 10014, "10014, got " + gone);
  const get = await errCode(() => js.consumers.get("C1", "admin"));
  expect(get === 10014, "10014 from consumers.get, got " + get);
  const del = await errCode(() => jsm.consumers.delete("C1", "admin"));
  expect(del === 10014, "10014 deleting again, got " + del);
  const noStream = await errCode(() => jsm.consumers.info("NOPE", "x"));
  expect(noStream === 10059, "10059, got " + noStream);
  const addNoStream = await errCode(() => jsm.consumers.add("NOPE", { durable_name: "x" }));
  expect(addNoStream === 10059, "10059 adding, got " + addNoStream);
});

await scenario("ephemeral consumer removed after its inactive threshold", async () => {
  const started = Date.now();
  const ci = await jsm.consumers.add("C1", { ack_policy: AckPolicy.Explicit, inactive_threshold: nanos(1500) });
  expect(ci.config.inactive_threshold === nanos(1500), "the threshold kept");
  // nats-server removes a pull consumer nobody pulls from once its threshold (plus up to 1 s of jitter) has passed
  // since its last pull request, here since its creation
  await eventually(
    async () => (await errCode(() => jsm.consumers.info("C1", ci.name)).catch(() => 0)) === 10014,
    "the consumer gone within 3 s",
    3000,
  );
  expect(Date.now() - started >= 1300, "the consumer kept for its threshold, gone after " + (Date.now() - started));
});

await scenario("push consumer with acks and heartbeats", async () => {
  await jsm.consumers.add("C1", {
    durable_name: "push",
    deliver_subject: "deliver.push",
    ack_policy: AckPolicy.Explicit,
    idle_heartbeat: nanos(500),
    flow_control: true,
  });
  const pc = await js.consumers.getPushConsumer("C1", "push");
  expect(pc.isPushConsumer(), "a push consumer");
  const iter = await pc.consume();
  let heartbeat = null;
  (async () => {
    for await (const s of iter.status()) if (s.type === "heartbeat" && heartbeat === null) heartbeat = s;
  })().catch(() => {});
  const got = [];
  for await (const m of iter) {
    got.push(m.seq);
    m.ack();
    if (got.length === 10) {
      // still consuming (leaving the loop stops the iterator and its notifications): idle now
      await eventually(() => heartbeat !== null, "an idle heartbeat within 2 s", 2000);
      break;
    }
  }
  expect(got.join() === "1,2,3,4,5,6,7,8,9,10", "seqs 1-10, got " + got);
  expect(heartbeat.lastStreamSequence === 10, "heartbeat's last stream sequence 10, got " + heartbeat.lastStreamSequence);
  await iter.close();
  await eventually(async () => (await pc.info()).num_ack_pending === 0, "every push delivery acknowledged");
  const notPull = await js.consumers.get("C1", "push").then(() => "got a pull consumer", (e) => e.message);
  expect(notPull === "not a pull consumer", "consumers.get to refuse a push consumer, got " + notPull);
});

await scenario("push consumer flow control", async () => {
  await jsm.streams.add({ name: "C4", subjects: ["c4.>"] });
  await publishN(js, "c4.big", 40, () => new Uint8Array(100 * 1024));
  await jsm.consumers.add("C4", {
    durable_name: "fc",
    deliver_subject: "deliver.fc",
    ack_policy: AckPolicy.Explicit,
    idle_heartbeat: nanos(1000),
    flow_control: true,
  });
  const iter = await (await js.consumers.getPushConsumer("C4", "fc")).consume();
  let flowControls = 0;
  (async () => {
    for await (const s of iter.status()) if (s.type === "flow_control") flowControls++;
  })().catch(() => {});
  const got = await take(iter, 40);
  expect(got.length === 40 && got[39].seq === 40, "40 messages of 100 KiB");
  // 4 MB to one subscriber with flow control on: the server asks the client to keep up (both servers ask twice)
  expect(flowControls >= 1, "a flow control request answered, got " + flowControls);
});

await scenario("pull consume: idle heartbeats, consumer deleted", async () => {
  await jsm.consumers.add("C4", { durable_name: "hb", ack_policy: AckPolicy.Explicit });
  const c = await js.consumers.get("C4", "hb");
  const iter = await c.consume({ max_messages: 10, idle_heartbeat: 500, expires: 5000 });
  const seen = {};
  let deleted = null;
  (async () => {
    for await (const s of iter.status()) {
      seen[s.type] = (seen[s.type] ?? 0) + 1;
      if (s.type === "consumer_deleted" && deleted === null) deleted = s;
    }
  })().catch(() => {});
  let n = 0;
  for await (const m of iter) {
    m.ack();
    if (++n === 40) {
      // idle with a pull request waiting: heartbeats, and none missed
      await sleep(1600);
      expect(seen.heartbeat >= 2 && !seen.heartbeats_missed, "heartbeats while idle, got " + JSON.stringify(seen));
      expect(await jsm.consumers.delete("C4", "hb"), "deleted");
      await eventually(() => deleted !== null, "a consumer_deleted notification", 2000);
      break;
    }
  }
  expect(n === 40, "40 messages, got " + n);
  expect(deleted.code === 409 && deleted.description === "consumer deleted", "409 consumer deleted, got " +
    JSON.stringify(deleted));
});

await scenario("ordered push consumer", async () => {
  const pc = await js.consumers.getPushConsumer("C2");
  const got = await take(await pc.consume(), 1000, false);
  expect(got[0].seq === 1 && got[999].seq === 1000, "seqs 1-1000, got " + got[0].seq + ".." + got[999].seq);
});

await scenario("kv: put, get, create, update", async () => {
  const kv = await new Kvm(nc).create("cfg", { history: 5 });
  const r1 = await kv.put("a.b", "one");
  const e = await kv.get("a.b");
  expect(e !== null && e.string() === "one" && e.revision === r1 && e.operation === "PUT", "one at " + r1);
  expect((await kv.get("missing")) === null, "null for a missing key");
  const r2 = await kv.create("c", te.encode("new"));
  const again = await errCode(() => kv.create("c", te.encode("again")));
  expect(again === 10071, "a second create to fail with 10071, got " + again);
  const r3 = await kv.update("c", te.encode("v2"), r2);
  expect(r3 > r2, "a newer revision");
  const stale = await errCode(() => kv.update("c", te.encode("v3"), r2));
  expect(stale === 10071, "an update at a stale revision to fail with 10071, got " + stale);
  expect((await kv.get("c")).string() === "v2", "v2");
  expect((await kv.get("c", { revision: r2 })).string() === "new", "the old revision readable");
  const st = await kv.status();
  expect(st.bucket === "cfg" && st.history === 5 && st.values === 3, "status, got values " + st.values);
});

await scenario("kv: delete, purge, history, keys", async () => {
  const kv = await new Kvm(nc).create("hist", { history: 10 });
  for (const v of ["1", "2", "3"]) await kv.put("k", v);
  await kv.put("other", "x");
  await kv.put("dir.one", "y");
  const keys = [];
  for await (const k of await kv.keys()) keys.push(k);
  expect(keys.sort().join() === "dir.one,k,other", "three keys, got " + keys);
  const filtered = [];
  for await (const k of await kv.keys("dir.>")) filtered.push(k);
  expect(filtered.join() === "dir.one", "dir.one, got " + filtered);
  const hist = [];
  for await (const e of await kv.history({ key: "k" })) hist.push(e.string());
  expect(hist.join() === "1,2,3", "history 1,2,3, got " + hist);
  await kv.delete("k");
  const deleted = await kv.get("k");
  expect(deleted === null || deleted.operation === "DEL", "k deleted, got " + deleted?.operation);
  const afterDelete = [];
  for await (const e of await kv.history({ key: "k" })) afterDelete.push(e.operation);
  expect(afterDelete.join() === "PUT,PUT,PUT,DEL", "a delete marker, got " + afterDelete);
  await kv.purge("other");
  const purged = [];
  for await (const e of await kv.history({ key: "other" })) purged.push(e.operation);
  expect(purged.join() === "PURGE", "only the purge marker left, got " + purged);
  const left = [];
  for await (const k of await kv.keys()) left.push(k);
  expect(left.join() === "dir.one", "only dir.one left, got " + left);
});

await scenario("kv: watch initial values then a live update", async () => {
  const kv = await new Kvm(nc).create("watched");
  await kv.put("w.a", "1");
  await kv.put("w.b", "2");
  await kv.put("w.a", "3");
  const iter = await kv.watch({ key: "w.>" });
  const seen = [];
  let putLive = false;
  for await (const e of iter) {
    seen.push(e.key + "=" + e.string() + (e.isUpdate ? "*" : ""));
    if (!putLive && seen.length === 2) {
      // the last values first (w.b at 2, w.a at 3), then what changes
      putLive = true;
      await kv.put("w.c", "4");
    }
    if (seen.length === 3) break;
  }
  iter.stop();
  // nats.js marks the last initial value as an update too (it counts num_pending at the start)
  expect(seen[0] === "w.b=2" && seen[1].startsWith("w.a=3") && seen[2] === "w.c=4*", "w.b=2,w.a=3,w.c=4* got " + seen);
});

await scenario("kv: watch history and deletes, list and destroy buckets", async () => {
  const kvm = new Kvm(nc);
  const kv = await kvm.create("events", { history: 5 });
  await kv.put("a", "1");
  await kv.put("a", "2");
  await kv.delete("a");
  await kv.put("b", "x");
  await kv.purge("b");
  const all = [];
  for await (const e of await kv.history()) all.push(e.key + ":" + e.operation + ":" + e.revision);
  expect(all.join() === "a:PUT:1,a:PUT:2,a:DEL:3,b:PURGE:5", "the whole history, got " + all);
  const iter = await kv.watch({ ignoreDeletes: true, include: "updates" });
  await kv.delete("b");
  await kv.put("c", "live");
  for await (const e of iter) {
    expect(e.key === "c" && e.operation === "PUT" && e.isUpdate, "only the live put, got " + e.key + " " + e.operation);
    break;
  }
  const buckets = [];
  for await (const b of kvm.list()) buckets.push(b.bucket);
  for (const b of ["cfg", "hist", "watched", "events"]) expect(buckets.includes(b), b + " listed, got " + buckets);
  expect(await kv.destroy(), "destroyed");
  const gone = await errCode(() => jsm.streams.info("KV_events"));
  expect(gone === 10059, "its stream gone, got " + gone);
});

await scenario("object store: 3 MB put and get in small chunks", async () => {
  const os = await new Objm(nc).create("files");
  const data = new Uint8Array(3 * 1024 * 1024 + 123);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + (i >> 10)) & 0xff;
  const info = await os.putBlob({ name: "big.bin", options: { max_chunk_size: 64 * 1024 } }, data);
  expect(info.size === data.length && info.chunks === 49, "49 chunks, got " + info.chunks);
  const back = await os.getBlob("big.bin");
  expect(back !== null && back.length === data.length, "the same length, got " + back?.length);
  expect(Buffer.compare(Buffer.from(back), Buffer.from(data)) === 0, "the same bytes");
  const res = await os.get("big.bin");
  let n = 0;
  const reader = res.data.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
  }
  expect(n === data.length && !(await res.error), "a clean stream of " + data.length + ", got " + n);
});

await scenario("object store: info, list, delete", async () => {
  const os = await new Objm(nc).create("files");
  await os.putBlob({ name: "small.txt", description: "tiny" }, te.encode("hello"));
  const info = await os.info("small.txt");
  expect(info !== null && info.size === 5 && info.description === "tiny" && info.digest.startsWith("SHA-256="), "info");
  const names = (await os.list()).map((i) => i.name).sort();
  expect(names.join() === "big.bin,small.txt", "both listed, got " + names);
  await os.delete("big.bin");
  const gone = await os.info("big.bin");
  expect(gone === null || gone.deleted, "big.bin deleted");
  expect((await os.get("big.bin")) === null, "no object to get");
  expect((await os.list()).map((i) => i.name).join() === "small.txt", "only small.txt left");
  expect(td.decode(await os.getBlob("small.txt")) === "hello", "small.txt still readable");
  const st = await os.status();
  expect(st.bucket === "files" && st.streamInfo.config.name === "OBJ_files", "status");
  // the deleted object's 49 chunks purged: the stream holds small.txt's chunk and the two objects' meta
  expect(st.streamInfo.state.messages <= 4, "chunks purged, got " + st.streamInfo.state.messages + " messages");
});

await scenario("object store: watch, link, rename, seal", async () => {
  const os = await new Objm(nc).create("docs");
  await os.putBlob({ name: "a" }, te.encode("A"));
  const w = await os.watch();
  const seen = [];
  const watching = (async () => {
    for await (const e of w) {
      seen.push(e.name + (e.deleted ? "-" : ""));
      if (seen.length === 3) break;
    }
  })();
  await sleep(1000); // the watch's consumer is made in the background: let it start on a busy machine
  await os.putBlob({ name: "b" }, te.encode("B"));
  await os.delete("b");
  await os.link("to-a", await os.info("a"));
  await watching;
  expect(seen.join() === "b,b-,to-a", "b put, b deleted, the link, got " + seen);
  expect(td.decode(await os.getBlob("to-a")) === "A", "the link read through");
  await os.update("a", { name: "renamed" });
  expect((await os.info("a")) === null && td.decode(await os.getBlob("renamed")) === "A", "a renamed");
  expect((await os.seal()).sealed, "sealed");
  const refused = await os.putBlob({ name: "c" }, te.encode("C")).then(() => "stored", (e) => e.message);
  expect(refused === "invalid operation on sealed stream", "no put once sealed, got " + refused);
});

await nc.close();
console.log(JSON.stringify(results));
