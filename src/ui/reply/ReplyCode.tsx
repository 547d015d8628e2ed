import { type CSSProperties, type KeyboardEvent, useCallback, useId, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { explainReply, type Reply } from '../../protocol';
import './reply.css';

/** "Summary (RFC 5321 §x)": the one line a reply code explains itself with. */
export function explainLine(reply: Reply): string {
  const e = explainReply(reply);
  return `${e.summary} (${e.rfc})`;
}

/** CSS class for a reply code's colour: reply-2xx ... reply-5xx. */
export function replyTone(code: number): string {
  const klass = Math.floor(code / 100);
  return klass >= 2 && klass <= 5 ? `reply-${klass}xx` : 'reply-5xx';
}

interface ReplyCodeProps {
  /** The whole reply the code belongs to: the explanation depends on its text and enhanced code too. */
  readonly reply: Reply;
  /** What to show; the three-digit code by default. */
  readonly children?: string;
  /**
   * False for the continuation lines of a multi-line reply: they explain themselves on hover too, but only
   * the first line is a Tab stop, so the keyboard does not walk through eight identical EHLO lines.
   */
  readonly tabbable?: boolean;
}

/**
 * A reply code that explains itself: hovering, focusing or tapping it shows a one-line tooltip (what it means and
 * where the RFC says so), and screen readers get the same line as its accessible description. Escape hides
 * the tooltip without moving focus (WCAG 1.4.13).
 */
export function ReplyCode({ reply, children, tabbable = true }: ReplyCodeProps) {
  const tipId = useId();
  const ref = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [place, setPlace] = useState<CSSProperties>({});
  const text = useMemo(() => explainLine(reply), [reply]);

  const show = useCallback(() => {
    const r = ref.current?.getBoundingClientRect();
    if (r) {
      const below = r.bottom + 80 < window.innerHeight;
      const left = Math.max(8, Math.min(r.left, window.innerWidth - 360));
      setPlace(below ? { left, top: r.bottom + 6 } : { left, bottom: window.innerHeight - r.top + 6 });
    }
    setOpen(true);
  }, []);
  const hide = useCallback(() => setOpen(false), []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) {
      e.stopPropagation();
      setOpen(false);
    }
  };

  // The tooltip lives at the end of the page, not inside the line: selecting and copying a transcript by hand
  // then gives the dialog alone, without the explanations.
  const tip = (
    <span id={tipId} role="tooltip" className={open ? 'mp-reply-tip mp-reply-tip-open' : 'mp-reply-tip mp-sr-only'} style={open ? place : undefined}>
      {text}
    </span>
  );
  return (
    <>
      <button
        type="button"
        ref={ref}
        className={`mp-reply-code ${replyTone(reply.code)}`}
        tabIndex={tabbable ? 0 : -1}
        aria-describedby={tipId}
        onMouseEnter={show}
        onMouseLeave={hide}
        onFocus={show}
        onBlur={hide}
        onKeyDown={onKeyDown}
        onClick={() => (open ? hide() : show())}
      >
        {children ?? String(reply.code)}
      </button>
      {typeof document === 'undefined' ? tip : createPortal(tip, document.body)}
    </>
  );
}
