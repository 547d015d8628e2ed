import { formatMailbox, parseMailboxList } from '../../protocol/message';
import type { UserAction } from '../../world/simulation';

/** What the world's MUA takes: recipients as "Name <addr>" strings, and an optional forged From. */
export type Draft = Extract<UserAction, { kind: 'compose' }>['draft'];

export interface ComposeForm {
  readonly from: string;
  readonly to: string;
  readonly cc: string;
  readonly bcc: string;
  readonly subject: string;
  readonly body: string;
}

export type Field = keyof ComposeForm;

export const FIELD_LABEL: Readonly<Record<Field, string>> = {
  from: 'From',
  to: 'To',
  cc: 'Cc',
  bcc: 'Bcc',
  subject: 'Subject',
  body: 'Message',
};

export interface FieldError {
  readonly field: Field;
  readonly message: string;
}

export type Validation = { readonly ok: true; readonly draft: Draft } | { readonly ok: false; readonly errors: readonly FieldError[] };

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
/** A plain local part and a host name: what a class types. Quoted local parts and literals are left out. */
const ADDRESS = new RegExp(`^[^\\s@<>()\\[\\]\\\\,;:"]+@${LABEL}(?:\\.${LABEL})*$`);
/** `addr`, or `Display Name <addr>` (the name may be quoted). */
const ENTRY = /^(?:("(?:[^"\\]|\\.)*"|[^<>"]*?)\s*<([^<>]*)>|([^\s<>"]+))$/;

export const isAddress = (s: string): boolean => ADDRESS.test(s);

/** Splits a list at commas and semicolons that are not inside quotes or angle brackets. */
export function splitAddressList(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && quoted) {
      current += ch + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '<') angle = true;
    else if (!quoted && ch === '>') angle = false;
    if (!quoted && !angle && (ch === ',' || ch === ';')) {
      out.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  out.push(current);
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

const EXAMPLE = 'like bob@recipient.example, or Bob Dupont <bob@recipient.example>';

/** One entry checked and written back as the MUA should put it in a header. */
function readEntry(field: Field, entry: string): { value: string } | FieldError {
  const m = ENTRY.exec(entry);
  const address = m ? (m[2] ?? m[3] ?? '').trim() : '';
  if (!m || !isAddress(address)) {
    const what = m && address === '' ? 'has an empty address between < and >' : 'is not an e-mail address';
    return { field, message: `${FIELD_LABEL[field]}: "${entry}" ${what}. Write it ${EXAMPLE}.` };
  }
  const name = parseMailboxList(entry)[0]?.name;
  return { value: formatMailbox(name ? { name, address } : { address }) };
}

function readList(field: Field, text: string, errors: FieldError[]): string[] {
  const values: string[] = [];
  for (const entry of splitAddressList(text)) {
    const r = readEntry(field, entry);
    if ('value' in r) values.push(r.value);
    else errors.push(r);
  }
  return values;
}

/**
 * Checks the form at the boundary, with an error that names the field. `defaultFrom` is the From the MUA
 * writes by itself: only a From that differs from it is sent as a forged header.
 */
export function validateCompose(form: ComposeForm, defaultFrom: string): Validation {
  const errors: FieldError[] = [];
  let fromHeader: string | undefined;
  const fromText = form.from.trim();
  if (fromText === '') errors.push({ field: 'from', message: `From: write who the message is from, ${EXAMPLE}.` });
  else if (splitAddressList(fromText).length > 1) errors.push({ field: 'from', message: 'From: give a single sender.' });
  else {
    const r = readEntry('from', fromText);
    if ('value' in r) fromHeader = r.value === defaultFrom ? undefined : r.value;
    else errors.push(r);
  }
  const to = readList('to', form.to, errors);
  const cc = readList('cc', form.cc, errors);
  const bcc = readList('bcc', form.bcc, errors);
  if (to.length + cc.length + bcc.length === 0 && !errors.some((e) => e.field === 'to' || e.field === 'cc' || e.field === 'bcc')) {
    errors.push({ field: 'to', message: 'To: give at least one recipient (in To, Cc or Bcc).' });
  }
  if (/[\r\n]/.test(form.subject)) errors.push({ field: 'subject', message: 'Subject: must be a single line.' });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    draft: { to, cc, bcc, subject: form.subject.trim(), body: form.body, ...(fromHeader === undefined ? {} : { fromHeader }) },
  };
}
