import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeWords,
  encodeWords,
  formatMailbox,
  formatMailboxList,
  parseMailbox,
  parseMailboxList,
} from '../../../src/protocol/message/address-list';

describe('parseMailboxList', () => {
  it('reads display names and bare addresses', () => {
    expect(parseMailboxList('Pierre Leclercq <pleclercq@mydomain.com>, bob@x')).toEqual([
      { name: 'Pierre Leclercq', address: 'pleclercq@mydomain.com' },
      { address: 'bob@x' },
    ]);
  });

  it('keeps commas and escapes inside quoted names', () => {
    expect(parseMailboxList('"Leclercq, Pierre" <p@x>, "say \\"hi\\"" <h@x>')).toEqual([
      { name: 'Leclercq, Pierre', address: 'p@x' },
      { name: 'say "hi"', address: 'h@x' },
    ]);
  });

  it('decodes encoded-words, joining adjacent ones without the blank', () => {
    expect(parseMailboxList('=?UTF-8?Q?=C3=89lodie?= =?UTF-8?B?IE3DvGxsZXI=?= <e@x>')).toEqual([
      { name: 'Élodie Müller', address: 'e@x' },
    ]);
  });

  it('takes the old comment form as the name', () => {
    expect(parseMailbox('MAILER-DAEMON@mail.example (Mail Delivery System)')).toEqual({
      name: 'Mail Delivery System',
      address: 'MAILER-DAEMON@mail.example',
    });
  });

  it('flattens groups and drops empty ones', () => {
    expect(parseMailboxList('undisclosed-recipients:;')).toEqual([]);
    expect(parseMailboxList('Team: a@x, "B" <b@x>;, c@x')).toEqual([
      { address: 'a@x' },
      { name: 'B', address: 'b@x' },
      { address: 'c@x' },
    ]);
  });

  it('drops a source route and keeps quoted local parts and literals', () => {
    expect(parseMailboxList('<@relay.example:user@x>, "john doe"@x, root@[192.0.2.1]')).toEqual([
      { address: 'user@x' },
      { address: '"john doe"@x' },
      { address: 'root@[192.0.2.1]' },
    ]);
  });

  it('copes with folding and comments', () => {
    expect(parseMailboxList('Pierre\r\n Leclercq (work) <p@x>')).toEqual([{ name: 'Pierre Leclercq', address: 'p@x' }]);
  });
});

describe('formatMailbox', () => {
  it('writes a plain name as is', () => {
    expect(formatMailbox({ name: 'Pierre Leclercq', address: 'pleclercq@mydomain.com' })).toBe(
      'Pierre Leclercq <pleclercq@mydomain.com>',
    );
  });
  it('writes the bare address without a name', () => {
    expect(formatMailbox({ address: 'bob@x' })).toBe('bob@x');
    expect(formatMailbox({ name: '  ', address: 'bob@x' })).toBe('bob@x');
  });
  it('quotes names with specials', () => {
    expect(formatMailbox({ name: 'Leclercq, Pierre', address: 'p@x' })).toBe('"Leclercq, Pierre" <p@x>');
    expect(formatMailbox({ name: 'Dr. "Bob" \\o/', address: 'b@x' })).toBe('"Dr. \\"Bob\\" \\\\o/" <b@x>');
    expect(formatMailbox({ name: 'Bob <b@x>', address: 'b@x' })).toBe('"Bob <b@x>" <b@x>');
  });
  it('encodes a name that only looks like an encoded-word, so readers do not decode it', () => {
    const mailbox = { name: 'see =?utf-8?q?y?=', address: 'b@x' };
    expect(formatMailbox(mailbox)).toBe('=?UTF-8?Q?see_=3D=3Futf-8=3Fq=3Fy=3F=3D?= <b@x>');
    expect(parseMailbox(formatMailbox(mailbox))).toEqual(mailbox);
  });
  it('encodes non-ASCII names as UTF-8 encoded-words: Q for mostly Latin, B otherwise', () => {
    expect(formatMailbox({ name: 'René', address: 'r@x' })).toBe('=?UTF-8?Q?Ren=C3=A9?= <r@x>');
    expect(formatMailbox({ name: 'Élodie Müller', address: 'e@x' })).toBe('=?UTF-8?Q?=C3=89lodie_M=C3=BCller?= <e@x>');
    expect(formatMailbox({ name: '日本語', address: 'j@x' })).toBe('=?UTF-8?B?5pel5pys6Kqe?= <j@x>');
  });
  it('joins a list with commas', () => {
    expect(formatMailboxList([{ name: 'A', address: 'a@x' }, { address: 'b@x' }])).toBe('A <a@x>, b@x');
  });
});

describe('encoded-words', () => {
  it('splits long text into words of at most 75 characters without cutting a character', () => {
    const text = 'Ünïcödé '.repeat(20);
    const encoded = encodeWords(text);
    for (const word of encoded.split(' ')) expect(word.length).toBeLessThanOrEqual(75);
    expect(decodeWords(encoded)).toBe(text);
  });
  it('decodes other charsets and leaves broken words alone', () => {
    expect(decodeWords('=?ISO-8859-1?Q?Andr=E9?= Pirard')).toBe('André Pirard');
    expect(decodeWords('=?utf-8*fr?q?caf=C3=A9?=')).toBe('café');
    expect(decodeWords('=?bogus-charset?q?x?=')).toBe('=?bogus-charset?q?x?=');
    expect(decodeWords('=?utf-8?b?@@@?=')).toBe('=?utf-8?b?@@@?=');
  });
});

const address = fc
  .tuple(fc.stringMatching(/^[a-z0-9._+-]{1,12}$/), fc.stringMatching(/^[a-z0-9-]{1,10}\.[a-z]{2,5}$/))
  .map(([l, d]) => `${l}@${d}`);
/** Names as people type them: any characters, single-spaced and trimmed (that is how they are read back). */
const nameChar = fc.oneof(
  fc.constantFrom(' ', ',', '"', '\\', '(', ')', '<', ':', ';', '.', '=?', '?=', '=?utf-8?q?', '?b?'),
  fc.integer({ min: 1, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('é', 'ü', '日', '😀'),
);
const displayName = fc.string({ unit: nameChar, maxLength: 40 }).map((s) => s.replace(/\s+/g, ' ').trim());

describe('properties', () => {
  it('format then parse gives back the mailboxes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(displayName, address), { minLength: 1, maxLength: 5 }), (pairs) => {
        const list = pairs.map(([name, addr]) => (name ? { name, address: addr } : { address: addr }));
        expect(parseMailboxList(formatMailboxList(list))).toEqual(list);
      }),
    );
  });
});
