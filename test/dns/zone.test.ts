import { describe, expect, it } from 'vitest';
import { createDnsDb, recordsFromSpec } from '../../src/dns';

describe('recordsFromSpec', () => {
  it('turns the authoring shape into normalized records, name by name', () => {
    expect(
      recordsFromSpec({
        'Recipient.Example.': {
          mx: [
            { preference: 10, exchange: 'MX1.recipient.example.' },
            { preference: 20, exchange: 'mx2.recipient.example' },
          ],
          a: ['192.0.2.25'],
          aaaa: ['2001:db8::25'],
          txt: ['v=spf1 mx -all'],
        },
        'www.recipient.example': { cname: 'Recipient.Example' },
        'none.example': { mx: [{ preference: 0, exchange: '.' }] },
      }),
    ).toEqual([
      { type: 'MX', name: 'recipient.example', preference: 10, exchange: 'mx1.recipient.example' },
      { type: 'MX', name: 'recipient.example', preference: 20, exchange: 'mx2.recipient.example' },
      { type: 'A', name: 'recipient.example', address: '192.0.2.25' },
      { type: 'AAAA', name: 'recipient.example', address: '2001:db8::25' },
      { type: 'TXT', name: 'recipient.example', text: 'v=spf1 mx -all' },
      { type: 'CNAME', name: 'www.recipient.example', target: 'recipient.example' },
      { type: 'MX', name: 'none.example', preference: 0, exchange: '.' },
    ]);
  });

  it('builds a db with faults, none by default', () => {
    expect(createDnsDb({ 'a.example': { a: ['192.0.2.1'] } })).toEqual({
      records: [{ type: 'A', name: 'a.example', address: '192.0.2.1' }],
      faults: {},
    });
    expect(createDnsDb({}, { 'a.example': 'timeout' }).faults).toEqual({ 'a.example': 'timeout' });
  });
});
