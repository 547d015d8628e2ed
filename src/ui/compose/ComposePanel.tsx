import { type FormEvent, useId, useMemo, useRef, useState } from 'react';
import { formatMailbox } from '../../protocol/message';
import { formatTime } from '../../world/trace';
import { useRemembered } from '../state/use-remembered';
import { useSim, useSimStore } from '../state/sim-context';
import { type ComposeForm, FIELD_LABEL, type Field, type FieldError, validateCompose } from './validate';
import './compose.css';

interface Mua {
  readonly host: string;
  readonly address: string;
  readonly displayName: string;
  readonly msa: string;
  readonly port: number;
  /** The From header the MUA writes by itself. */
  readonly from: string;
}

interface Saved extends ComposeForm {
  readonly scenario: string;
  readonly host: string;
}

const EMPTY = { to: '', cc: '', bcc: '', subject: '', body: '' } as const;

/**
 * Write a message in one of the scenario's mail clients and press Send: the MUA submits it to its MSA and
 * the run plays on, so the class watches it travel. The From header is editable, for the spoofing lesson.
 */
export function ComposePanel() {
  const store = useSimStore();
  const scenario = useSim((v) => v.scenario);
  const now = useSim((v) => v.now);
  const id = useId();
  const refs = useRef<Partial<Record<Field, HTMLInputElement | HTMLTextAreaElement | null>>>({});
  const statusRef = useRef<HTMLParagraphElement>(null);

  const muas = useMemo<Mua[]>(
    () =>
      scenario.hosts.flatMap((h) => {
        const m = h.roles.mua;
        if (!m) return [];
        const from = formatMailbox(m.displayName ? { name: m.displayName, address: m.address } : { address: m.address });
        return [{ host: h.name, address: m.address, displayName: m.displayName, msa: m.msa, port: m.port, from }];
      }),
    [scenario],
  );
  const known = useMemo(() => scenario.hosts.flatMap((h) => h.roles.mda?.mailboxes.map((b) => b.address) ?? []), [scenario]);

  const fresh = (mua: Mua | undefined): Saved => ({ scenario: scenario.id, host: mua?.host ?? '', from: mua?.from ?? '', ...EMPTY });
  const [saved, setSaved] = useRemembered<Saved>('compose.form', () => fresh(muas[0]));
  const form = saved.scenario === scenario.id && muas.some((m) => m.host === saved.host) ? saved : fresh(muas[0]);
  const mua = muas.find((m) => m.host === form.host);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [sent, setSent] = useState('');

  if (!mua) {
    return (
      <section className="mp-panel mp-compose" aria-label="Compose">
        <div className="mp-empty">
          <p>
            This scenario has no mail client (no host with the MUA role), so there is nobody to write from here. You can still send a message by
            hand: open the Console and type the SMTP commands yourself, as in the seed article (HELO, MAIL FROM, RCPT TO, DATA, QUIT).
          </p>
          <button type="button" className="mp-btn" onClick={() => store.select({ tab: 'console' })}>
            Open the Console
          </button>
        </div>
      </section>
    );
  }

  const set = (field: Field | 'host', value: string) => {
    setSent('');
    setErrors((prev) => prev.filter((e) => e.field !== field));
    setSaved((prev) => {
      const base = prev.scenario === scenario.id && muas.some((m) => m.host === prev.host) ? prev : form;
      if (field !== 'host') return { ...base, [field]: value };
      const next = muas.find((m) => m.host === value);
      // A From left as the old client wrote it follows the new client; an edited one stays as typed.
      const from = base.from === mua.from && next ? next.from : base.from;
      return { ...base, host: value, from };
    });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = validateCompose(form, mua.from);
    if (!result.ok) {
      setErrors(result.errors);
      setSent('');
      refs.current[result.errors[0]!.field]?.focus();
      return;
    }
    setErrors([]);
    store.apply({ kind: 'compose', host: mua.host, draft: result.draft });
    store.play();
    const rcpts = [...result.draft.to, ...result.draft.cc, ...result.draft.bcc].length;
    setSent(
      `Sent from ${mua.host} at ${formatTime(now)} to ${rcpts} recipient${rcpts === 1 ? '' : 's'}. Watch it travel on the graph; the Events tab lists every step.`,
    );
    setSaved({ ...form, ...EMPTY, from: mua.from });
    // The form is long: bring the confirmation into view.
    requestAnimationFrame(() => statusRef.current?.scrollIntoView?.({ block: 'nearest' }));
  };

  const errorOf = (field: Field) => errors.find((e) => e.field === field);
  const forged = form.from.trim() !== '' && form.from.trim() !== mua.from;

  const input = (field: Exclude<Field, 'body'>, hint?: string, placeholder?: string) => {
    const err = errorOf(field);
    const inputId = `${id}-${field}`;
    const described = [hint ? `${inputId}-hint` : '', err ? `${inputId}-err` : ''].filter(Boolean).join(' ');
    return (
      <div className={`mp-field${err ? ' mp-field-error' : ''}`}>
        <label htmlFor={inputId}>{FIELD_LABEL[field]}</label>
        <input
          id={inputId}
          ref={(el) => {
            refs.current[field] = el;
          }}
          type="text"
          value={form[field]}
          onChange={(e) => set(field, e.target.value)}
          aria-invalid={err ? true : undefined}
          aria-describedby={described || undefined}
          placeholder={placeholder}
          autoComplete="off"
          spellCheck={field === 'subject'}
          list={field === 'to' || field === 'cc' || field === 'bcc' ? `${id}-known` : undefined}
        />
        {err ? (
          <p id={`${inputId}-err`} className="mp-field-msg">
            {err.message}
          </p>
        ) : null}
        {hint ? (
          <p id={`${inputId}-hint`} className="mp-field-hint">
            {hint}
          </p>
        ) : null}
      </div>
    );
  };

  const example = known.find((a) => a.toLowerCase() !== mua.address.toLowerCase()) ?? 'someone@example.com';
  return (
    <section className="mp-panel mp-compose" aria-label="Compose">
      <form className="mp-compose-form" onSubmit={submit} noValidate>
        <div className="mp-field">
          <label htmlFor={`${id}-host`}>Send from</label>
          <select id={`${id}-host`} value={mua.host} onChange={(e) => set('host', e.target.value)} aria-describedby={`${id}-host-hint`}>
            {muas.map((m) => (
              <option key={m.host} value={m.host}>
                {m.host}: {m.from}
              </option>
            ))}
          </select>
          <p id={`${id}-host-hint`} className="mp-field-hint">
            The mail client on {mua.host} logs in to {mua.msa}:{mua.port} as {mua.address} and submits the message there.
          </p>
        </div>
        {input(
          'from',
          forged
            ? `Changed: readers will see this From, but the client still logs in as ${mua.address}, so the envelope (MAIL FROM) stays <${mua.address}>.`
            : 'The From header the reader sees, written as "Display Name <address>". Edit it to see how a forged sender looks.',
        )}
        {forged ? (
          <button type="button" className="mp-link mp-compose-reset" onClick={() => set('from', mua.from)}>
            Use the real sender again ({mua.from})
          </button>
        ) : null}
        {input('to', undefined, `Bob Dupont <${example}>`)}
        {input('cc', 'Optional. Separate several addresses with commas.')}
        {input('bcc', 'Optional. Bcc recipients get the message through the envelope only: no header names them.')}
        {input('subject')}
        <div className="mp-field">
          <label htmlFor={`${id}-body`}>{FIELD_LABEL.body}</label>
          <textarea
            id={`${id}-body`}
            ref={(el) => {
              refs.current.body = el;
            }}
            value={form.body}
            onChange={(e) => set('body', e.target.value)}
            rows={6}
          />
        </div>
        <datalist id={`${id}-known`}>
          {known.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        {errors.length > 0 ? (
          <div className="mp-compose-errors" role="alert">
            <p>The message was not sent. Please correct:</p>
            <ul>
              {errors.map((e) => (
                <li key={`${e.field}-${e.message}`}>
                  <button type="button" className="mp-link" onClick={() => refs.current[e.field]?.focus()}>
                    {e.message}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="mp-compose-actions">
          <button type="submit" className="mp-btn">
            Send
          </button>
          <p ref={statusRef} role="status" className="mp-compose-sent">
            {sent}
          </p>
        </div>
      </form>
    </section>
  );
}
