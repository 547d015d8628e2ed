import { useMemo } from 'react';
import type { ExerciseShow } from '../../scenarios/exercises';
import { decodeWords, getHeader, getHeaders, parseDsn, parseMailboxList, parseMessage } from '../../protocol/message';
import type { SimView } from '../state/sim-store';

/** The newest message of a mailbox, read the way an exercise needs it: its Received chain, its DSN, or as a client lists it. */
export function MessageAid({ show, view }: { show: ExerciseShow; view: SimView }) {
  const { sim, trace } = view;
  const raw = useMemo(() => {
    void trace;
    const messages = sim.world.mailbox(show.mailbox)?.messages ?? [];
    const wanted = show.view === 'dsn' ? messages.filter((m) => parseDsn(m.raw) !== undefined) : messages;
    return wanted[wanted.length - 1]?.raw;
  }, [sim, trace, show]);

  if (raw === undefined) {
    return (
      <p className="mp-ex-aid-empty">
        {show.view === 'dsn' ? `No bounce in ${show.mailbox} yet.` : `Nothing in ${show.mailbox} yet.`} It will show here when it arrives.
      </p>
    );
  }
  const message = parseMessage(raw);
  if (show.view === 'received') {
    const received = message.headers.filter((h) => h.name.toLowerCase() === 'received');
    return (
      <figure className="mp-ex-aid">
        <figcaption>The Received: fields of the newest message in {show.mailbox}, top to bottom:</figcaption>
        <ol className="mp-ex-received">
          {received.map((h, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the fields have no identity but their place
            <li key={i}>
              <pre>{h.raw}</pre>
            </li>
          ))}
        </ol>
      </figure>
    );
  }
  if (show.view === 'dsn') {
    const dsn = parseDsn(raw)!;
    return (
      <figure className="mp-ex-aid">
        <figcaption>
          The bounce in {show.mailbox}: “{decodeWords(getHeader(message.headers, 'Subject') ?? '')}” from {getHeader(message.headers, 'From')}
        </figcaption>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the report scrolls sideways, so keyboard users must reach it */}
        <pre className="mp-ex-dsn-text" tabIndex={0}>
          {dsn.notification?.trim()}
        </pre>
        <dl className="mp-ex-fields">
          <dt>Reporting-MTA</dt>
          <dd>{dsn.reportingMta ?? '(none)'}</dd>
          {dsn.recipients.map((r) => (
            <div key={r.finalRecipient}>
              <dt>Final-Recipient</dt>
              <dd>{r.finalRecipient}</dd>
              <dt>Action</dt>
              <dd>{r.action}</dd>
              <dt>Status</dt>
              <dd>{r.status}</dd>
              {r.diagnostic && (
                <>
                  <dt>Diagnostic-Code</dt>
                  <dd>{r.diagnostic}</dd>
                </>
              )}
            </div>
          ))}
        </dl>
      </figure>
    );
  }
  const fromField = getHeader(message.headers, 'From');
  const from = fromField ? parseMailboxList(fromField)[0] : undefined;
  const shownFrom = from ? decodeWords(from.name ?? '') || from.address : '(no sender)';
  const subject = getHeader(message.headers, 'Subject');
  const to = getHeader(message.headers, 'To');
  const returnPath = getHeader(message.headers, 'Return-Path');
  const firstHop = getHeaders(message.headers, 'Received').at(-1);
  return (
    <figure className="mp-ex-aid">
      <figcaption>What {show.mailbox}'s graphical mail client shows for the newest message:</figcaption>
      <div className="mp-ex-client">
        <div className="mp-ex-client-from">{shownFrom}</div>
        <div className="mp-ex-client-subject">{subject ? decodeWords(subject) : '(no subject)'}</div>
        <div className="mp-ex-client-to">To: {to ? decodeWords(to) : '(no recipient shown)'}</div>
      </div>
      <dl className="mp-ex-fields">
        <dt>Behind the name</dt>
        <dd>{from ? from.address : '(no From: field)'}</dd>
        <dt>Return-Path</dt>
        <dd>{returnPath ?? '(none)'}</dd>
        <dt>First hop</dt>
        <dd>{firstHop ? `Received: ${firstHop.replace(/\s+/g, ' ')}` : '(none)'}</dd>
      </dl>
    </figure>
  );
}
