// One stream: its state and configuration, a message browser (by sequence, time or subject, with a live
// tail), and its consumers with how far behind each is. The browser's position lives in the URL.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, call, type Schemas } from "../../api/client";
import { Link, path, setQuery, useLocation } from "../../app/router";
import { Loaded, toApiError, useLoad } from "../../components/async";
import { bytes, count, when } from "../../components/format";
import { Facts, Field, Page } from "../../components/ui";
import { subjectProblem } from "../../lib/subjects";
import { JetStreamLoaded, JetStreamProblem } from "./JetStreamState";
import { DataTable } from "../../components/DataTable";

type Message = Schemas["MessageView"];

export function StreamDetail({ account, stream }: { account: string; stream: string }) {
  const p = { params: { path: { account, stream } } };
  const info = useLoad(() => call(api.GET("/api/v1/accounts/{account}/streams/{stream}", p)), [account, stream], 5000);
  const consumers = useLoad(() => call(api.GET("/api/v1/accounts/{account}/streams/{stream}/consumers", { ...p, params: { ...p.params, query: { size: 500 } } })), [account, stream], 5000);
  if (info.error?.problem.status === 404) {
    return (
      <Page title={stream}>
        <p>This account has no stream named {stream}.</p>
        <Link href={path`/accounts/${account}/streams`}>Back to streams</Link>
      </Page>
    );
  }
  return (
    <Page title={stream}>
      <JetStreamLoaded load={info}>
          {(d) => (
            <>
              <Facts
                items={[
                  ["Subjects", <code>{(d.summary?.subjects ?? []).join(", ")}</code>],
                  ["Messages", count(d.summary?.messages)],
                  ["Size", bytes(d.summary?.bytes)],
                  ["Sequences", `${d.summary?.firstSeq} – ${d.summary?.lastSeq}`],
                  ["First message", when(d.summary?.firstTime)],
                  ["Last message", when(d.summary?.lastTime)],
                  ["Distinct subjects", count(d.summary?.subjectCount)],
                  ["Storage", `${d.summary?.storage}, ${d.summary?.replicas} replica(s)`],
                  ["Retention", d.summary?.retention],
                  ["Created", when(d.summary?.created)],
                ]}
              />
              <details class="config">
                <summary>Configuration</summary>
                <pre>
                  <code>{JSON.stringify(d.config, null, 2)}</code>
                </pre>
              </details>
            </>
          )}
      </JetStreamLoaded>
      <MessageBrowser account={account} stream={stream} />
      <h2>Consumers</h2>
      <Loaded load={consumers} isEmpty={(d) => (d.items ?? []).length === 0} empty={<p>No consumers.</p>}>
        {(d) => (
          <DataTable
            caption={`Consumers of ${stream}`}
            rows={d.items ?? []}
            rowKey={(c) => c.name}
            columns={[
              {
                header: "Name",
                cell: (c) => (
                  <>
                    {c.name}
                    {c.paused && <span class="badge">paused</span>}
                  </>
                ),
              },
              { header: "Kind", cell: (c) => `${c.durable ? "durable" : "ephemeral"}, ${c.deliverSubject ? "push" : "pull"}` },
              { header: "Filter", cell: (c) => <code>{(c.filterSubjects ?? []).join(", ") || "all"}</code> },
              { header: "Ack policy", cell: (c) => c.ackPolicy },
              { header: "Pending", cell: (c) => count(c.numPending) },
              { header: "Awaiting ack", cell: (c) => count(c.numAckPending) },
              { header: "Redelivered", cell: (c) => count(c.numRedelivered) },
              { header: "Waiting pulls", cell: (c) => count(c.numWaiting) },
            ]}
          />
        )}
      </Loaded>
    </Page>
  );
}

/** `datetime-local`'s value ↔ the API's instant. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

function MessageBrowser({ account, stream }: { account: string; stream: string }) {
  const { query } = useLocation();
  const applied = { seq: query.get("seq") ?? "", time: query.get("time") ?? "", subject: query.get("subject") ?? "" };
  const [draft, setDraft] = useState(applied);
  const key = `${applied.seq}|${applied.time}|${applied.subject}`;
  useEffect(() => setDraft(applied), [key]);
  const [messages, setMessages] = useState<Message[]>();
  const [error, setError] = useState<ApiError>();
  const [live, setLive] = useState(false);
  const next = useRef<number | undefined>(undefined);

  async function fetchPage(from: { fromSeq?: number; fromTime?: string }, append: boolean) {
    try {
      const page = await call(
        api.GET("/api/v1/accounts/{account}/streams/{stream}/messages", {
          params: { path: { account, stream }, query: { ...from, subject: applied.subject || undefined, limit: 50 } },
        }),
      );
      next.current = page.next;
      setMessages((old) => (append ? [...(old ?? []), ...(page.messages ?? [])].slice(-500) : page.messages ?? []));
      setError(undefined);
    } catch (e) {
      setError(toApiError(e));
    }
  }

  useEffect(() => {
    setLive(false);
    void fetchPage({ fromSeq: applied.seq ? Number(applied.seq) : undefined, fromTime: toIso(applied.time) }, false);
  }, [account, stream, key]);

  // Live tail: ask for what came after the last message, every two seconds.
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => next.current && void fetchPage({ fromSeq: next.current }, true), 2000);
    return () => clearInterval(timer);
  }, [live, key]);

  const subjectError = draft.subject ? subjectProblem(draft.subject) : undefined;
  return (
    <section aria-labelledby="messages-title">
      <h2 id="messages-title">Messages</h2>
      <form
        class="filters"
        role="search"
        aria-label="Find messages"
        onSubmit={(e) => {
          e.preventDefault();
          if (!subjectError) setQuery(draft);
        }}
      >
        <Field label="From sequence">
          {(id) => <input id={id} type="number" min={1} value={draft.seq} onInput={(e) => setDraft({ ...draft, seq: (e.target as HTMLInputElement).value })} />}
        </Field>
        <Field label="From time">
          {(id) => <input id={id} type="datetime-local" step={1} value={draft.time} onInput={(e) => setDraft({ ...draft, time: (e.target as HTMLInputElement).value })} />}
        </Field>
        <Field label="Subject filter" error={subjectError}>
          {(id, d) => <input id={id} type="text" placeholder="orders.>" aria-describedby={d} value={draft.subject} onInput={(e) => setDraft({ ...draft, subject: (e.target as HTMLInputElement).value })} />}
        </Field>
        <button type="submit">Show</button>
        <button type="button" aria-pressed={live} onClick={() => setLive(!live)}>
          {live ? "Stop live tail" : "Live tail"}
        </button>
      </form>
      {live && (
        <p class="notice" role="status">
          Live: new messages appear below as they are stored.
        </p>
      )}
      {error && <JetStreamProblem error={error} />}
      {!messages ? (
        <p class="loading" role="status">
          Loading…
        </p>
      ) : messages.length === 0 ? (
        <p class="empty">No messages here{applied.subject ? ` on ${applied.subject}` : ""}.</p>
      ) : (
        <DataTable
          caption={`Messages of ${stream}`}
          class="messages"
          rows={messages}
          rowKey={(m) => m.seq}
          columns={[
            { header: "Seq", cell: (m) => m.seq },
            { header: "Time", cell: (m) => when(m.time) },
            { header: "Subject", cell: (m) => <code>{m.subject}</code> },
            {
              header: "Headers",
              cell: (m) =>
                Object.entries(m.headers ?? {}).map(([k, v]) => (
                  <div key={k}>
                    <code>
                      {k}: {v.join(", ")}
                    </code>
                  </div>
                )),
            },
            {
              header: "Data",
              cell: (m) =>
                m.text !== undefined && m.text !== null ? (
                  <code class="data">{m.text}</code>
                ) : (
                  <span>
                    binary, {bytes(m.size)}: <code class="data">{m.data}</code>
                  </span>
                ),
            },
          ]}
        />
      )}
    </section>
  );
}
