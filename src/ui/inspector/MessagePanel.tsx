import { type KeyboardEvent, type ReactNode, useId, useMemo, useRef } from 'react';
import { formatTime } from '../../world/trace';
import { useRemembered } from '../state/use-remembered';
import { ReplyCode } from '../reply/ReplyCode';
import { useSim, useSimStore } from '../state/sim-context';
import { connectionsOf, describeConnection } from '../transcript/dialog';
import { analyzeMessage, describeWith, type Hop, type MessageAnalysis, type MessageOrigin, messageOfConnection } from './analysis';
import { RenderedMessage } from './RenderedMessage';
import './inspector.css';

const VIEWS = [
  { id: 'compare', label: 'Envelope & headers' },
  { id: 'journey', label: 'Journey (Received)' },
  { id: 'rendered', label: 'Rendered' },
  { id: 'raw', label: 'Raw source' },
] as const;
type View = (typeof VIEWS)[number]['id'];

function Tabs({ view, setView, idBase }: { view: View; setView: (v: View) => void; idBase: string }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (e: KeyboardEvent) => {
    const i = VIEWS.findIndex((v) => v.id === view);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? VIEWS.length - 1 : undefined;
    if (next === undefined) return;
    e.preventDefault();
    const j = (next + VIEWS.length) % VIEWS.length;
    setView(VIEWS[j]!.id);
    refs.current[j]?.focus();
  };
  return (
    <div className="mp-msg-tabs" role="tablist" aria-label="How to look at the message" onKeyDown={onKeyDown}>
      {VIEWS.map((v, i) => (
        <button
          key={v.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`${idBase}-tab-${v.id}`}
          aria-selected={view === v.id}
          aria-controls={`${idBase}-panel`}
          tabIndex={view === v.id ? 0 : -1}
          onClick={() => setView(v.id)}
        >
          {v.label}
        </button>
      ))}
    </div>
  );
}

function Missing({ children }: { children: ReactNode }) {
  return <span className="mp-missing">{children}</span>;
}

function People({ list, raw }: { list: readonly { name?: string; address: string }[]; raw?: string }) {
  if (!raw) return <Missing>(none)</Missing>;
  if (list.length === 0) return <>{raw}</>;
  return (
    <ul className="mp-people">
      {list.map((m) => (
        <li key={m.address}>
          {m.name ? (
            <>
              {m.name} <code>&lt;{m.address}&gt;</code>
            </>
          ) : (
            <code>{m.address}</code>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The envelope beside the headers, pair by pair, with what differs marked. */
function Compare({ a, onTranscript }: { a: MessageAnalysis; onTranscript: (connId: string) => void }) {
  const h = a.headers;
  const env = a.envelope;
  const fromAddr = h.fromList[0]?.address.toLowerCase();
  const senderRow =
    env === undefined ? '' : env.mailFrom === '' ? 'mp-vs-null' : fromAddr === undefined || fromAddr !== env.mailFrom.toLowerCase() ? 'mp-vs-differs' : '';
  const shown = new Set([...h.toList, ...h.ccList].map((m) => m.address.toLowerCase()));
  const hasRecipientHeaders = Boolean(h.to || h.cc);
  return (
    <>
      <ul className="mp-notes" aria-label="What to notice">
        {a.notes.map((n) => (
          <li key={n.title} className={`mp-note mp-note-${n.tone}`}>
            <p className="mp-note-title">{n.title}</p>
            <p>{n.text}</p>
          </li>
        ))}
      </ul>
      <table className="mp-vs">
        <caption className="mp-vs-caption">
          The envelope is what servers route by (MAIL FROM, RCPT TO). The headers are written inside DATA, for the reader's mail client.
        </caption>
        <thead>
          <tr>
            <th scope="col" className="mp-vs-env">
              Envelope <span>read by the servers</span>
            </th>
            <th scope="col" className="mp-vs-head">
              Headers <span>shown to the reader</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <tr className={senderRow}>
            <td>
              <span className="mp-vs-label">MAIL FROM</span>
              {env ? <code>&lt;{env.mailFrom}&gt;</code> : <Missing>(unknown)</Missing>}
              {env?.mailFrom === '' ? <span className="mp-vs-hint">the null sender of bounces</span> : null}
            </td>
            <td>
              <span className="mp-vs-label">From</span>
              <People list={h.fromList} {...(h.from ? { raw: h.from } : {})} />
            </td>
          </tr>
          <tr>
            <td>
              <span className="mp-vs-label">RCPT TO</span>
              {env ? (
                <ul className="mp-people">
                  {env.rcpts.map((r) => {
                    const bcc = hasRecipientHeaders && r.accepted !== false && !shown.has(r.address.toLowerCase());
                    return (
                      <li key={r.address}>
                        <code>&lt;{r.address}&gt;</code>{' '}
                        {r.accepted === false && r.reply ? (
                          <span className="mp-refused">
                            refused <ReplyCode reply={r.reply} />
                          </span>
                        ) : r.accepted ? (
                          <span className="mp-accepted" title="accepted by the server">
                            ✓<span className="mp-sr-only"> accepted</span>
                          </span>
                        ) : null}
                        {bcc ? <span className="mp-badge mp-badge-bcc">Bcc</span> : null}
                      </li>
                    );
                  })}
                </ul>
              ) : (
                <Missing>(unknown)</Missing>
              )}
            </td>
            <td>
              <span className="mp-vs-label">To</span>
              <People list={h.toList} {...(h.to ? { raw: h.to } : {})} />
              {h.cc ? (
                <>
                  <span className="mp-vs-label">Cc</span>
                  <People list={h.ccList} raw={h.cc} />
                </>
              ) : null}
            </td>
          </tr>
          {a.thisCopy ? (
            <tr>
              <td>
                <span className="mp-vs-label">This copy</span>
                delivered to <code>&lt;{a.thisCopy}&gt;</code>
              </td>
              <td>
                <span className="mp-vs-label">Delivered-To</span>
                {h.deliveredTo ? <code>{h.deliveredTo}</code> : <Missing>(none)</Missing>}
                <span className="mp-vs-hint">added by the mailbox server on delivery</span>
              </td>
            </tr>
          ) : null}
          <tr>
            <td className="mp-vs-none">Nothing else: the envelope has no subject, no date, no names.</td>
            <td>
              <span className="mp-vs-label">Subject</span>
              {h.subject === undefined ? <Missing>(none)</Missing> : h.subject || <Missing>(empty)</Missing>}
              <span className="mp-vs-label">Date</span>
              {h.date ?? <Missing>(none)</Missing>}
              <span className="mp-vs-label">Message-ID</span>
              {h.messageId ? <code className="mp-vs-id">{h.messageId}</code> : <Missing>(none)</Missing>}
            </td>
          </tr>
        </tbody>
      </table>
      {env ? (
        <p className="mp-vs-source">
          Envelope read {env.source}.{' '}
          {env.connId ? (
            <button type="button" className="mp-link" onClick={() => onTranscript(env.connId!)}>
              Show the transcript of {env.connId}
            </button>
          ) : null}
        </p>
      ) : null}
    </>
  );
}

function delayText(h: Hop): string | undefined {
  if (h.delayMs === undefined) return undefined;
  const s = h.delayMs / 1000;
  const amount = h.delayFrom === 'trace' ? (s < 1 ? `${Math.round(h.delayMs)} ms` : `${s.toFixed(3)} s`) : `${Math.round(s)} s`;
  return h.delayFrom === 'trace' ? `${amount} later` : `${amount} later (by the header dates, to the second)`;
}

function Journey({ a }: { a: MessageAnalysis }) {
  if (a.hops.length === 0) {
    return <p className="mp-empty">No Received header: this message has not passed through a server that records its hops.</p>;
  }
  return (
    <>
      <p className="mp-journey-intro">
        Every server that takes the message adds a <code>Received</code> header on top, so the raw source lists them newest first. Here they
        are in travel order, from the first hop to the last.
      </p>
      <ol className="mp-journey">
        {a.hops.map((h, i) => (
          <li key={h.raw} className="mp-hop">
            {delayText(h) ? (
              <p className="mp-hop-delay">
                ↓ {delayText(h)}
              </p>
            ) : null}
            <div className="mp-hop-card">
              <span className="mp-hop-no" aria-hidden="true">
                {i + 1}
              </span>
              <div>
                <p className="mp-hop-route">
                  {h.from ? (
                    <>
                      <b>{h.from}</b>
                      {h.fromIp ? <span className="mp-addr"> [{h.fromIp}]</span> : null} → <b>{h.by ?? '?'}</b>
                    </>
                  ) : (
                    <>
                      written on <b>{h.by ?? '?'}</b> itself (no sending client: a locally made message, such as a bounce)
                    </>
                  )}
                </p>
                <p className="mp-hop-detail">
                  {h.with ? (
                    <>
                      with <code>{h.with}</code>: {describeWith(h.with)}
                    </>
                  ) : null}
                  {h.id ? (
                    <>
                      {' '}
                      · queue id <code>{h.id}</code>
                    </>
                  ) : null}
                  {h.for ? <> · for &lt;{h.for}&gt;</> : null}
                </p>
                <p className="mp-hop-time">
                  {h.date ?? '(no date)'}
                  {h.traceT !== undefined ? ` · at ${formatTime(h.traceT)} in the run` : ''}
                </p>
              </div>
            </div>
          </li>
        ))}
        {a.thisCopy ? <li className="mp-hop-end">→ stored in the mailbox of &lt;{a.thisCopy}&gt;</li> : null}
      </ol>
    </>
  );
}

function Raw({ raw }: { raw: string }) {
  const [wrap, setWrap] = useRemembered('message.rawWrap', true);
  const lines = raw.split('\r\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const bytes = new TextEncoder().encode(raw).length;
  return (
    <>
      <p className="mp-note-small">
        Exactly as stored, as a command-line mail client shows it: {bytes} bytes, {lines.length} lines, each ending in CRLF (marked ↵).{' '}
        <label className="mp-raw-wrap">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} /> Wrap long lines
        </label>
      </p>
      <pre className={wrap ? 'mp-raw mp-raw-wrapped' : 'mp-raw'}>
        {lines.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed text, by position
          <span key={i} className="mp-raw-line">
            {line}
          </span>
        ))}
      </pre>
    </>
  );
}

/** Which message to show, and where it came from. */
function useMessage(): { raw: string; origin: MessageOrigin; where: string } | { missing: string } | undefined {
  const selected = useSim((v) => v.selectedMessage);
  const connId = useSim((v) => v.selectedConnId);
  const trace = useSim((v) => v.trace);
  const sim = useSim((v) => v.sim);
  const version = useSim((v) => v.version);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the world changes in place; version says when
  const boxes = useMemo(() => sim.world.mailboxes(), [sim, version]);
  return useMemo(() => {
    if (selected) {
      const box = boxes.find((b) => b.mailbox.address.toLowerCase() === selected.address.toLowerCase());
      const m = box?.mailbox.messages.find((x) => x.uid === selected.uid);
      if (!box || !m) return { missing: `Message ${selected.uid} of ${selected.address} has not been delivered at this point of the run.` };
      return {
        raw: m.raw,
        origin: { kind: 'mailbox', address: box.mailbox.address, uid: m.uid, host: box.host, queueId: m.queueId, envelopeFrom: m.envelopeFrom },
        where: `In the mailbox of ${box.mailbox.address} on ${box.host}, delivered at ${formatTime(m.deliveredAt - sim.world.startTime)}.`,
      };
    }
    if (connId) {
      const raw = messageOfConnection(trace, connId);
      const conn = connectionsOf(trace).find((c) => c.connId === connId);
      if (!raw) return { missing: `Connection ${connId} has not carried a complete message (yet).` };
      return {
        raw,
        origin: { kind: 'connection', connId },
        where: `As it crossed ${conn ? describeConnection(conn) : connId}, between DATA and the final dot.`,
      };
    }
    return undefined;
  }, [selected, connId, trace, boxes, sim]);
}

/**
 * The selected message: its envelope beside its headers (and why they differ), its Received chain as a
 * journey, and the message as a graphical client and a command-line client show it.
 */
export function MessagePanel() {
  const store = useSimStore();
  const trace = useSim((v) => v.trace);
  const [view, setView] = useRemembered<View>('message.view', 'compare');
  const idBase = useId();
  const msg = useMessage();
  const analysis = useMemo(() => (msg && 'raw' in msg ? analyzeMessage(msg.raw, msg.origin, trace) : undefined), [msg, trace]);

  if (!msg || !('raw' in msg) || !analysis) {
    return (
      <section className="mp-panel mp-message" aria-label="Message">
        <div className="mp-empty">
          <p>{msg && 'missing' in msg ? msg.missing : 'No message chosen.'}</p>
          <p>Pick one in Mailboxes, or choose a connection (on the graph or in Transcript) that carried a message.</p>
          <button type="button" className="mp-btn" onClick={() => store.select({ tab: 'mailboxes' })}>
            Open Mailboxes
          </button>
        </div>
      </section>
    );
  }

  const subject = analysis.headers.subject;
  return (
    <section className="mp-panel mp-message" aria-label="Message">
      <header className="mp-msg-head">
        <h2 className={subject ? '' : 'mp-missing'}>{subject || '(no subject)'}</h2>
        <p>{msg.where}</p>
      </header>
      <Tabs view={view} setView={setView} idBase={idBase} />
      <div className="mp-msg-body" role="tabpanel" id={`${idBase}-panel`} aria-labelledby={`${idBase}-tab-${view}`}>
        {view === 'compare' ? <Compare a={analysis} onTranscript={(connId) => store.select({ selectedConnId: connId, tab: 'transcript' })} /> : null}
        {view === 'journey' ? <Journey a={analysis} /> : null}
        {view === 'rendered' ? <RenderedMessage raw={msg.raw} {...(analysis.dsn ? { dsn: analysis.dsn } : {})} /> : null}
        {view === 'raw' ? <Raw raw={msg.raw} /> : null}
      </div>
    </section>
  );
}
