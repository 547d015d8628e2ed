import { useMemo } from 'react';
import { formatTime } from '../../world/trace';
import { summarizeHeaders } from '../inspector/analysis';
import { useSim, useSimStore } from '../state/sim-context';
import './mailbox.css';

interface ListedMessage {
  readonly uid: number;
  readonly from?: string;
  readonly fromAddress?: string;
  readonly subject?: string;
  readonly at: number;
  readonly bounce: boolean;
  readonly size: number;
}

interface ListedMailbox {
  readonly host: string;
  readonly address: string;
  readonly quota?: number;
  readonly used: number;
  readonly messages: readonly ListedMessage[];
}

function bytes(n: number): string {
  return n < 1024 ? `${n} bytes` : `${(n / 1024).toFixed(1)} KB`;
}

/**
 * Every mailbox of the world, as the recipients' mail clients would list them: sender, subject, time.
 * Choosing a message opens it in the Message tab.
 */
export function MailboxPanel() {
  const store = useSimStore();
  const sim = useSim((v) => v.sim);
  const version = useSim((v) => v.version);
  const selected = useSim((v) => v.selectedMessage);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the world changes in place; version says when
  const boxes = useMemo<ListedMailbox[]>(() => {
    const start = sim.world.startTime;
    return sim.world.mailboxes().map(({ host, mailbox }) => {
      const messages = mailbox.messages
        .map((m) => {
          const h = summarizeHeaders(m.raw);
          const first = h.fromList[0];
          const size = new TextEncoder().encode(m.raw).length;
          return {
            uid: m.uid,
            ...(first ? { from: first.name || first.address, fromAddress: first.address } : {}),
            ...(h.subject !== undefined ? { subject: h.subject } : {}),
            at: m.deliveredAt - start,
            bounce: m.envelopeFrom === '',
            size,
          };
        })
        .reverse();
      return {
        host,
        address: mailbox.address,
        ...(mailbox.quota === undefined ? {} : { quota: mailbox.quota }),
        used: messages.reduce((s, m) => s + m.size, 0),
        messages,
      };
    });
  }, [sim, version]);

  if (boxes.length === 0) {
    return (
      <section className="mp-panel mp-mailboxes" aria-label="Mailboxes">
        <p className="mp-empty">This scenario has no mailbox: no host runs a mailbox server (MDA).</p>
      </section>
    );
  }

  return (
    <section className="mp-panel mp-mailboxes" aria-label="Mailboxes">
      <p className="mp-box-intro">Each mailbox as its owner's mail client lists it, newest first. Choose a message to open it.</p>
      <div className="mp-box-scroll">
        {boxes.map((box) => (
          <section key={box.address} className="mp-box" aria-label={`Mailbox ${box.address}`}>
            <h3>
              {box.address}
              <span className="mp-box-meta">
                {' '}
                on {box.host} · {box.messages.length} message{box.messages.length === 1 ? '' : 's'}
                {box.quota !== undefined ? ` · ${bytes(box.used)} of ${bytes(box.quota)} quota` : ''}
              </span>
            </h3>
            {box.messages.length === 0 ? (
              <p className="mp-box-empty">Empty so far.</p>
            ) : (
              <ul className="mp-box-list">
                {box.messages.map((m) => {
                  const current = selected?.uid === m.uid && selected.address.toLowerCase() === box.address.toLowerCase();
                  return (
                    <li key={m.uid}>
                      <button
                        type="button"
                        className={`mp-box-msg${current ? ' mp-box-current' : ''}`}
                        aria-current={current ? 'true' : undefined}
                        onClick={() => store.select({ selectedMessage: { address: box.address, uid: m.uid }, tab: 'message' })}
                      >
                        <span className="mp-box-from">
                          {m.from ?? <span className="mp-missing">(no From header)</span>}
                          {m.bounce ? <span className="mp-box-badge">bounce</span> : null}
                        </span>
                        <span className="mp-box-subject">{m.subject || <span className="mp-missing">(no subject)</span>}</span>
                        <span className="mp-box-time">{formatTime(m.at)}</span>
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        ))}
      </div>
    </section>
  );
}
