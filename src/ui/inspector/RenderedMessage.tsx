import PostalMime from 'postal-mime';
import { useEffect, useState } from 'react';
import { assembleReply, describeEnhancedCode } from '../../protocol';
import type { ParsedDsn } from '../../protocol/message';
import { ReplyCode } from '../reply/ReplyCode';

type Email = Awaited<ReturnType<typeof PostalMime.parse>>;
type Address = NonNullable<Email['from']>;

/** Parses with postal-mime; null while parsing, an error message if the MIME is broken. */
function useParsed(raw: string): { email?: Email; error?: string } | null {
  const [state, setState] = useState<{ raw: string; email?: Email; error?: string } | null>(null);
  useEffect(() => {
    let live = true;
    PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' }).then(
      (email) => live && setState({ raw, email }),
      (err: unknown) => live && setState({ raw, error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [raw]);
  return state && state.raw === raw ? state : null;
}

function flatten(list: readonly Address[] | undefined): { name: string; address: string }[] {
  return (list ?? []).flatMap((a) => (a.group ? a.group : [a]));
}

function Person({ m }: { m: { name: string; address: string } }) {
  return m.name ? (
    <span className="mp-person">
      <b>{m.name}</b> <span className="mp-addr">&lt;{m.address}&gt;</span>
    </span>
  ) : (
    <span className="mp-person">
      <b>{m.address}</b>
    </span>
  );
}

/** A graphical client shows dates in the reader's words; UTC keeps the class (and the tests) in step. */
function friendlyDate(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })} UTC`;
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} KB`;
}

const stripType = (s: string): string => s.replace(/^[^;]*;\s*/, '');

/** A DSN the way a person wants to read it: who failed, the status code, and what the server said. */
export function DsnCard({ dsn }: { dsn: ParsedDsn }) {
  return (
    <div className="mp-dsn">
      <p className="mp-dsn-title">Delivery report from {dsn.reportingMta ?? 'a mail server'}</p>
      <ul className="mp-dsn-list">
        {dsn.recipients.map((r) => {
          const status = describeEnhancedCode(r.status);
          const diagnostic = r.diagnostic ? stripType(r.diagnostic) : undefined;
          const reply = diagnostic ? assembleReply([diagnostic]) : undefined;
          return (
            <li key={r.finalRecipient} className={`mp-dsn-rcpt mp-dsn-${r.action.toLowerCase()}`}>
              <p className="mp-dsn-head">
                <span className="mp-dsn-action">{r.action}</span> <b>{stripType(r.finalRecipient)}</b>
              </p>
              <dl className="mp-kv">
                <dt>Status</dt>
                <dd>
                  <code>{r.status}</code>
                  {status ? ` ${status.subject}${status.detail ? `: ${status.detail}` : ''} (${status.rfc})` : ''}
                </dd>
                {diagnostic ? (
                  <>
                    <dt>The server said</dt>
                    <dd className="mp-dsn-diag">
                      {reply ? (
                        <>
                          <ReplyCode reply={reply} />
                          {diagnostic.slice(3)}
                        </>
                      ) : (
                        diagnostic
                      )}
                    </dd>
                  </>
                ) : null}
                {r.remoteMta ? (
                  <>
                    <dt>Which server</dt>
                    <dd>{stripType(r.remoteMta)}</dd>
                  </>
                ) : null}
                {r.willRetryUntil ? (
                  <>
                    <dt>Retrying until</dt>
                    <dd>{r.willRetryUntil}</dd>
                  </>
                ) : null}
              </dl>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/**
 * The message as a graphical mail client shows it: sender name and address, subject, date, the body as
 * text, HTML only inside a sandboxed frame without scripts, attachments listed by name.
 */
export function RenderedMessage({ raw, dsn }: { raw: string; dsn?: ParsedDsn }) {
  const parsed = useParsed(raw);
  if (!parsed) return <p className="mp-empty">Reading the message…</p>;
  if (!parsed.email) return <p className="mp-empty">This message cannot be read as MIME: {parsed.error}</p>;
  const email = parsed.email;
  const from = flatten(email.from ? [email.from] : undefined);
  const to = flatten(email.to);
  const cc = flatten(email.cc);
  const date = friendlyDate(email.date);
  const attachments = email.attachments.filter((a) => !(dsn && /delivery-status|rfc822-headers/.test(a.mimeType)));
  return (
    <article className="mp-rendered" aria-label="Message as a graphical mail client shows it">
      <h3 className={email.subject ? 'mp-rendered-subject' : 'mp-rendered-subject mp-missing'}>{email.subject || '(no subject)'}</h3>
      <div className="mp-rendered-head">
        <span className="mp-avatar" aria-hidden="true">
          {(from[0]?.name || from[0]?.address || '?').charAt(0).toUpperCase()}
        </span>
        <div>
          <p>{from.length > 0 ? from.map((m) => <Person key={m.address} m={m} />) : <span className="mp-missing">(unknown sender: no From header)</span>}</p>
          <p className="mp-rendered-to">
            To:{' '}
            {to.length > 0
              ? to.map((m, i) => (
                  <span key={m.address}>
                    {i > 0 ? ', ' : ''}
                    <Person m={m} />
                  </span>
                ))
              : <span className="mp-missing">(no To header)</span>}
          </p>
          {cc.length > 0 ? (
            <p className="mp-rendered-to">
              Cc:{' '}
              {cc.map((m, i) => (
                <span key={m.address}>
                  {i > 0 ? ', ' : ''}
                  <Person m={m} />
                </span>
              ))}
            </p>
          ) : null}
          <p className="mp-rendered-date">{date ?? <span className="mp-missing">(no date)</span>}</p>
        </div>
      </div>
      {dsn ? <DsnCard dsn={dsn} /> : null}
      {email.html ? (
        <>
          <p className="mp-note-small">HTML part, shown in a sandboxed frame: no scripts run, no links open.</p>
          <iframe className="mp-rendered-html" title="HTML part of the message" sandbox="" srcDoc={email.html} />
        </>
      ) : (
        <pre className="mp-rendered-body">{email.text ?? ''}</pre>
      )}
      {attachments.length > 0 ? (
        <div className="mp-attachments">
          <p className="mp-attachments-title">Attachments</p>
          <ul>
            {attachments.map((a, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: attachments have no id and do not move
              <li key={i}>
                📎 {a.filename ?? '(no name)'} <span className="mp-addr">({a.mimeType}, {size(typeof a.content === 'string' ? a.content.length : a.content.byteLength)})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </article>
  );
}
