import { describe, expect, it } from 'vitest';
import { answerLines, createDnsDb, type DnsStep, describeAnswer, formatRecord, query, type RecordType } from '../../src/dns';

const db = createDnsDb(
  {
    'recipient.example': {
      mx: [
        { preference: 10, exchange: 'mx1.recipient.example' },
        { preference: 20, exchange: 'mx2.recipient.example' },
      ],
      txt: ['v=spf1 mx -all'],
    },
    'mx1.recipient.example': { a: ['192.0.2.10'], aaaa: ['2001:db8::10'] },
    'www.recipient.example': { cname: 'recipient.example' },
    'gone.example': { cname: 'nowhere.example' },
    'none.example': { mx: [{ preference: 0, exchange: '.' }] },
    'loop.example': { cname: 'loop.example' },
  },
  { 'broken.example': 'servfail', 'slow.example': 'timeout' },
);
const step = (name: string, type: RecordType): DnsStep => ({ query: { name, type }, answer: query(db, name, type) });

describe('describeAnswer', () => {
  it('prints records as dig does', () => {
    expect(describeAnswer(step('recipient.example', 'MX'))).toBe(
      'recipient.example. MX 10 mx1.recipient.example.; recipient.example. MX 20 mx2.recipient.example.',
    );
    expect(describeAnswer(step('mx1.recipient.example', 'A'))).toBe('mx1.recipient.example. A 192.0.2.10');
    expect(describeAnswer(step('mx1.recipient.example', 'AAAA'))).toBe('mx1.recipient.example. AAAA 2001:db8::10');
    expect(describeAnswer(step('recipient.example', 'TXT'))).toBe('recipient.example. TXT "v=spf1 mx -all"');
    expect(describeAnswer(step('none.example', 'MX'))).toBe('none.example. MX 0 .');
  });

  it('shows the aliases followed before the answer', () => {
    expect(answerLines(step('www.recipient.example', 'MX'))).toEqual([
      'www.recipient.example. CNAME recipient.example.',
      'recipient.example. MX 10 mx1.recipient.example.',
      'recipient.example. MX 20 mx2.recipient.example.',
    ]);
    expect(formatRecord({ type: 'CNAME', name: 'A.Example', target: 'B.example.' })).toBe('a.example. CNAME b.example.');
  });

  it('names the negative outcome and the name it applies to', () => {
    expect(describeAnswer(step('nosuch.example', 'MX'))).toBe('nosuch.example. MX NXDOMAIN');
    expect(describeAnswer(step('gone.example', 'A'))).toBe('gone.example. CNAME nowhere.example.; nowhere.example. A NXDOMAIN');
    expect(describeAnswer(step('mx1.recipient.example', 'MX'))).toBe('mx1.recipient.example. MX NODATA');
    expect(describeAnswer(step('broken.example', 'MX'))).toBe('broken.example. MX SERVFAIL');
    expect(describeAnswer(step('slow.example', 'A'))).toBe('slow.example. A TIMEOUT');
    expect(describeAnswer(step('loop.example', 'A'))).toBe('loop.example. CNAME loop.example.; loop.example. A SERVFAIL (CNAME loop)');
  });
});
