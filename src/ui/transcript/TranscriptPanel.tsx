import { type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import { parseReplyLine } from '../../protocol';
import { formatTime, type TraceEvent } from '../../world/trace';
import { ReplyCode, replyTone } from '../reply/ReplyCode';
import { useSim, useSimStore } from '../state/sim-context';
import {
  CLIENT_MARK,
  type Connection,
  connectionsOf,
  type DialogItem,
  describeConnection,
  dialogOf,
  ERROR_MARK,
  portRole,
  SERVER_MARK,
  transcriptText,
  type WireLine,
} from './dialog';
import './transcript.css';

/** The connection to show: the selected one, else the one the last line crossed, else the last opened. */
function defaultConnection(conns: readonly Connection[], trace: readonly TraceEvent[], selected?: string): string | undefined {
  if (selected && conns.some((c) => c.connId === selected)) return selected;
  for (let i = trace.length - 1; i >= 0; i--) {
    const e = trace[i]!;
    if (e.kind === 'line') return e.connId;
  }
  return conns[conns.length - 1]?.connId;
}

/** `MAIL FROM:<a@b>` with its verb in bold, so the five commands of the seed article stand out. */
function Command({ text }: { text: string }) {
  const m = /^(MAIL FROM:|RCPT TO:|[A-Za-z]+)(.*)$/s.exec(text);
  if (!m) return <>{text}</>;
  return (
    <>
      <b>{m[1]}</b>
      {m[2]}
    </>
  );
}

function ReplyText({ item, line, first }: { item: Extract<DialogItem, { kind: 'reply' }>; line: WireLine; first: boolean }) {
  const parsed = parseReplyLine(line.text);
  if (!parsed.ok) return <>{line.text}</>;
  const code = line.text.slice(0, 3);
  const rest = line.text.slice(3);
  return (
    <>
      {item.reply ? (
        <ReplyCode reply={item.reply} tabbable={first}>
          {code}
        </ReplyCode>
      ) : (
        <span className={`mp-tx-code ${replyTone(parsed.code)}`}>{code}</span>
      )}
      {rest}
    </>
  );
}

function Row({ line, mark, kind, selected, children }: { line: WireLine; mark: string; kind: string; selected: boolean; children: ReactNode }) {
  return (
    <li className={`mp-tx-line mp-tx-${kind}${selected ? ' mp-tx-selected' : ''}`} data-seq={line.seq}>
      <span className="mp-tx-time">{formatTime(line.t)}</span>
      <span className="mp-tx-mark" aria-hidden="true">
        {mark}
      </span>
      <span className="mp-tx-text">{children}</span>
    </li>
  );
}

function DataBlock({ item, selectedSeq }: { item: Extract<DialogItem, { kind: 'data' }>; selectedSeq?: number }) {
  const blank = item.lines.findIndex((l) => l.text === '');
  return (
    <li className="mp-tx-data">
      <p className="mp-tx-data-caption">
        The message itself (DATA): {item.lines.length} line{item.lines.length === 1 ? '' : 's'}
        {blank >= 0 ? `: ${blank} header line${blank === 1 ? '' : 's'}, a blank line, then the body` : ', no blank line: headers only'}
        {item.end ? '' : ' (still being sent)'}
      </p>
      <ol className="mp-tx-data-lines">
        {item.lines.map((l, i) => (
          <Row key={l.seq} line={l} mark={CLIENT_MARK} kind={blank < 0 || i < blank ? 'header' : i === blank ? 'blank' : 'body'} selected={l.seq === selectedSeq}>
            {i === blank ? <span className="mp-tx-note">(blank line: the headers end, the body begins)</span> : l.text}
          </Row>
        ))}
        {item.end ? (
          <Row line={item.end} mark={CLIENT_MARK} kind="dot" selected={item.end.seq === selectedSeq}>
            . <span className="mp-tx-note">(a line with a single dot: end of the message)</span>
          </Row>
        ) : null}
      </ol>
    </li>
  );
}

async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the old way
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/**
 * One connection's dialog as the seed article shows it: the client's commands (` -> `), the server's replies
 * (`<-  `, or `<** ` for errors) with their codes explained on hover or focus, and the message lines between
 * 354 and the final dot shown as the message they are.
 */
export function TranscriptPanel() {
  const store = useSimStore();
  const trace = useSim((v) => v.trace);
  const selectedConnId = useSim((v) => v.selectedConnId);
  const selectedSeq = useSim((v) => v.selectedSeq);
  const pickerId = useId();
  const listRef = useRef<HTMLOListElement>(null);
  const [copied, setCopied] = useState<string>('');

  const conns = useMemo(() => connectionsOf(trace), [trace]);
  const connId = defaultConnection(conns, trace, selectedConnId);
  const dialog = useMemo(() => (connId ? dialogOf(trace, connId) : undefined), [trace, connId]);
  const conn = dialog?.conn;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the selected line may appear only once its dialog is drawn
  useEffect(() => {
    if (selectedSeq === undefined) return;
    const el = listRef.current?.querySelector(`[data-seq="${selectedSeq}"]`);
    if (el && 'scrollIntoView' in el) el.scrollIntoView({ block: 'nearest' });
  }, [selectedSeq, dialog]);

  // A new connection: the last "Copied" no longer applies.
  const [copiedFor, setCopiedFor] = useState(connId);
  if (copiedFor !== connId) {
    setCopiedFor(connId);
    setCopied('');
  }

  if (conns.length === 0) {
    return (
      <section className="mp-panel mp-transcript" aria-label="Transcript">
        <p className="mp-empty">No connection yet. Press Play or Step: each SMTP conversation will be listed here.</p>
      </section>
    );
  }

  const copy = async () => {
    if (!dialog) return;
    const text = transcriptText(dialog);
    const ok = await copyText(text);
    setCopied(ok ? `Copied ${text.split('\n').length - 1} lines.` : 'Could not copy: select the text and press Ctrl+C.');
  };

  return (
    <section className="mp-panel mp-transcript" aria-label="Transcript">
      <div className="mp-tx-bar">
        <label htmlFor={pickerId}>Connection</label>
        <span role="status" className="mp-tx-copied">
          {copied}
        </span>
        <button type="button" className="mp-btn" onClick={copy} disabled={!dialog}>
          Copy
        </button>
        <select id={pickerId} value={connId} onChange={(e) => store.select({ selectedConnId: e.target.value })}>
          {conns.map((c) => (
            <option key={c.connId} value={c.connId}>
              {describeConnection(c)}
            </option>
          ))}
        </select>
      </div>
      {conn ? (
        <p className="mp-tx-about">
          <b>{conn.from}</b> (client) talks to <b>{conn.to}</b> on port {conn.port} ({portRole(conn.port)}).{' '}
          <span className="mp-tx-legend">
            <code className="mp-tx-legend-client">{CLIENT_MARK.trim()}</code> client · <code className="reply-2xx">{SERVER_MARK.trim()}</code> server ·{' '}
            <code className="reply-5xx">{ERROR_MARK.trim()}</code> error reply · hover or Tab to a code for its meaning
          </span>
        </p>
      ) : null}
      <ol ref={listRef} className="mp-tx" aria-label={conn ? `Dialog of ${describeConnection(conn)}` : 'Dialog'}>
        {dialog?.items.map((item) => {
          switch (item.kind) {
            case 'open':
              return (
                <li key={`o${item.seq}`} className={`mp-tx-event${item.seq === selectedSeq ? ' mp-tx-selected' : ''}`} data-seq={item.seq}>
                  <span className="mp-tx-time">{formatTime(item.t)}</span>
                  <span className="mp-tx-mark" aria-hidden="true">
                    ===
                  </span>
                  <span>
                    Connected {item.conn.from} → {item.conn.to}:{item.conn.port}
                  </span>
                </li>
              );
            case 'failed':
              return (
                <li key={`f${item.seq}`} className="mp-tx-event mp-tx-failed" data-seq={item.seq}>
                  <span className="mp-tx-time">{formatTime(item.t)}</span>
                  <span className="mp-tx-mark" aria-hidden="true">
                    ***
                  </span>
                  <span>Connection failed: {item.reason}</span>
                </li>
              );
            case 'close':
              return (
                <li key={`c${item.seq}`} className={`mp-tx-event${item.seq === selectedSeq ? ' mp-tx-selected' : ''}`} data-seq={item.seq}>
                  <span className="mp-tx-time">{formatTime(item.t)}</span>
                  <span className="mp-tx-mark" aria-hidden="true">
                    ===
                  </span>
                  <span>Connection closed by {item.by}</span>
                </li>
              );
            case 'command':
              return (
                <Row key={item.line.seq} line={item.line} mark={CLIENT_MARK} kind="client" selected={item.line.seq === selectedSeq}>
                  <Command text={item.line.text} />
                </Row>
              );
            case 'reply':
              return item.lines.map((l, i) => (
                <Row key={l.seq} line={l} mark={item.error ? ERROR_MARK : SERVER_MARK} kind={item.error ? 'error' : 'server'} selected={l.seq === selectedSeq}>
                  <ReplyText item={item} line={l} first={i === 0} />
                </Row>
              ));
            case 'data':
              return <DataBlock key={`d${item.lines[0]?.seq ?? item.end?.seq}`} item={item} {...(selectedSeq === undefined ? {} : { selectedSeq })} />;
          }
          return null;
        })}
      </ol>
    </section>
  );
}
