import type { TranscriptItem } from '../../world/exercise-sessions';
import { itemLines } from './transcript-text';

const tone = (code: number): string => `reply-${Math.min(5, Math.max(2, Math.floor(code / 100)))}xx`;

/**
 * One item of the console's transcript: a line the learner sent (a command, or a line of the message
 * after the 354), a reply with its code as a button that explains it, or telnet's own messages.
 */
export function TranscriptRow({
  item,
  explained,
  onExplain,
  explainId,
}: {
  item: TranscriptItem;
  explained: number | undefined;
  onExplain: (seq: number | undefined) => void;
  explainId: string;
}) {
  if (item.kind === 'reply' || item.kind === 'partial') {
    const lines = item.lines;
    const reply = item.kind === 'reply' ? item.reply : undefined;
    return (
      <div className="mp-con-reply">
        {lines.map((line, i) => {
          const code = /^\d{3}/.exec(line)?.[0];
          const rest = code ? line.slice(3) : line;
          const klass = code ? tone(Number(code)) : '';
          // One button per reply, on its first line: it explains the reply as a whole.
          if (i === 0 && reply && code) {
            const selected = explained === item.seq;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one reply have no identity but their place
              <div key={i} className={`mp-con-line mp-con-server ${klass}`}>
                <button
                  type="button"
                  className={`mp-con-code ${klass}`}
                  aria-expanded={selected}
                  aria-controls={selected ? explainId : undefined}
                  aria-label={`${code}: explain this reply`}
                  onClick={() => onExplain(item.seq)}
                  onFocus={() => onExplain(item.seq)}
                >
                  {code}
                </button>
                {rest}
              </div>
            );
          }
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one reply have no identity but their place
            <div key={i} className={`mp-con-line mp-con-server ${klass}`}>
              {code && <span className={`mp-con-code-text ${klass}`}>{code}</span>}
              {rest}
            </div>
          );
        })}
      </div>
    );
  }
  if (item.kind === 'sent') {
    return (
      <div className={item.body ? 'mp-con-line mp-con-client mp-con-body' : 'mp-con-line mp-con-client'}>
        <span className="mp-con-gutter" aria-hidden="true">
          {item.body ? '|' : '›'}
        </span>
        {item.text === '' ? <span className="mp-con-empty-line">(empty line)</span> : item.text}
      </div>
    );
  }
  return (
    <>
      {itemLines(item).map((line) => (
        <div key={line} className={item.kind === 'failed' ? 'mp-con-line mp-con-meta reply-5xx' : 'mp-con-line mp-con-meta'}>
          {line}
        </div>
      ))}
    </>
  );
}
