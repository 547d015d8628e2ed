import { explainReply } from '../../protocol/replies';
import type { Reply } from '../../protocol/reply';

const CLASS_WORD: Record<number, string> = {
  2: 'success',
  3: 'go on: the server waits for more',
  4: 'temporary failure: try again later',
  5: 'permanent failure: do not retry as is',
};

/** What a reply means, which RFC says so, and what to do next: the console's answer to a clicked code. */
export function ReplyExplanation({ id, reply, onClose }: { id: string; reply: Reply; onClose: () => void }) {
  const e = explainReply(reply);
  const klass = Math.floor(reply.code / 100);
  return (
    <section id={id} className={`mp-con-explain reply-${klass}xx`} aria-label={`Reply ${reply.code} explained`} aria-live="polite">
      <header>
        <strong>
          {reply.code}
          {reply.dsn ? ` ${reply.dsn}` : ''}
        </strong>{' '}
        <span className="mp-con-explain-class">{CLASS_WORD[klass] ?? ''}</span>
        <button type="button" className="mp-con-explain-close" onClick={onClose} aria-label="Close the explanation">
          ×
        </button>
      </header>
      <p>{e.summary}</p>
      <p>
        <span className="mp-con-explain-label">Where:</span> {e.rfc}
      </p>
      <p>
        <span className="mp-con-explain-label">Next:</span> {e.next}
      </p>
    </section>
  );
}
