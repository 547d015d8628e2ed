import { describe, expect, it } from 'vitest';
import { splitAddressList, validateCompose } from '../../../src/ui/compose/validate';

const ALICE = 'Alice Martin <alice@sender.example>';
const form = (patch: Partial<Parameters<typeof validateCompose>[0]>) => ({ from: ALICE, to: '', cc: '', bcc: '', subject: 'Hi', body: 'Hello\n', ...patch });

describe('compose validation', () => {
  it('splits lists at commas and semicolons, but not inside quotes or brackets', () => {
    expect(splitAddressList('a@x.example, "Dupont, Bob" <b@y.example>; c@z.example,')).toEqual(['a@x.example', '"Dupont, Bob" <b@y.example>', 'c@z.example']);
  });

  it('accepts addresses with display names and writes them as a header would', () => {
    const r = validateCompose(form({ to: 'Bob Dupont <bob@recipient.example>, carol@recipient.example', bcc: 'dave@x.example' }), ALICE);
    expect(r).toEqual({
      ok: true,
      draft: { to: ['Bob Dupont <bob@recipient.example>', 'carol@recipient.example'], cc: [], bcc: ['dave@x.example'], subject: 'Hi', body: 'Hello\n' },
    });
  });

  it('sends a From only when it differs from the one the client writes (the spoofing lesson)', () => {
    const same = validateCompose(form({ to: 'bob@recipient.example' }), ALICE);
    expect(same.ok && same.draft.fromHeader).toBeUndefined();
    const forged = validateCompose(form({ to: 'bob@recipient.example', from: 'The Boss <ceo@bank.example>' }), ALICE);
    expect(forged.ok && forged.draft.fromHeader).toBe('The Boss <ceo@bank.example>');
  });

  it('names the field and the entry in every error', () => {
    const r = validateCompose(form({ to: 'bob, carol@x.example', cc: 'Dave <>', bcc: 'a b@c', from: '' }), ALICE);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field)).toEqual(['from', 'to', 'cc', 'bcc']);
    expect(r.errors[0]?.message).toMatch(/^From: /);
    expect(r.errors[1]?.message).toMatch(/^To: "bob" is not an e-mail address/);
    expect(r.errors[2]?.message).toMatch(/^Cc: "Dave <>" has an empty address/);
    expect(r.errors[3]?.message).toMatch(/^Bcc: "a b@c"/);
  });

  it('needs at least one recipient, and one sender', () => {
    const r = validateCompose(form({}), ALICE);
    expect(r.ok ? [] : r.errors).toEqual([{ field: 'to', message: 'To: give at least one recipient (in To, Cc or Bcc).' }]);
    const two = validateCompose(form({ to: 'bob@recipient.example', from: 'a@x.example, b@y.example' }), ALICE);
    expect(two.ok ? [] : two.errors.map((e) => e.message)).toEqual(['From: give a single sender.']);
  });

  it('refuses a subject with a line break, which would start a new header', () => {
    const r = validateCompose(form({ to: 'bob@recipient.example', subject: 'Hi\r\nBcc: eve@x.example' }), ALICE);
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(['subject']);
  });
});
