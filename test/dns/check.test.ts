import { describe, expect, it } from 'vitest';
import { recordsFromSpec, zoneProblems } from '../../src/dns';

describe('zoneProblems', () => {
  it('finds nothing wrong in a sound zone', () => {
    const records = recordsFromSpec({
      'recipient.example': { mx: [{ preference: 10, exchange: 'mx1.recipient.example' }], txt: ['v=spf1 mx -all'] },
      'mx1.recipient.example': { a: ['192.0.2.10'], aaaa: ['2001:db8::10', '2001:db8:0:0:0:0:0:1'] },
      'www.recipient.example': { cname: 'recipient.example' },
      'none.example': { mx: [{ preference: 0, exchange: '.' }] },
    });
    expect(zoneProblems(records)).toEqual([]);
  });

  it('names each mistake for the author', () => {
    const records = recordsFromSpec({
      'a.example': { cname: 'b.example', a: ['192.0.2.1'] },
      'b.example': {
        mx: [
          { preference: 5, exchange: '.' },
          { preference: 70000, exchange: 'a.example' },
        ],
      },
      'c.example': { a: ['192.0.2.256'], aaaa: ['2001:db8:::1', 'fe80::1::2'] },
    });
    expect(zoneProblems(records)).toEqual([
      'a.example: CNAME and other data (RFC 1034 3.6.2)',
      'b.example: null MX beside other MX records (RFC 7505 3)',
      'b.example: null MX must have preference 0',
      'b.example: MX preference 70000 is not an integer from 0 to 65535',
      'b.example: MX exchange a.example is an alias (RFC 2181 10.3)',
      'c.example: 192.0.2.256 is not an IPv4 address',
      'c.example: 2001:db8:::1 is not an IPv6 address',
      'c.example: fe80::1::2 is not an IPv6 address',
    ]);
  });

  it('spots two CNAMEs at one name', () => {
    expect(
      zoneProblems([
        { type: 'CNAME', name: 'x.example', target: 'a.example' },
        { type: 'CNAME', name: 'X.example.', target: 'b.example' },
      ]),
    ).toEqual(['x.example: more than one CNAME']);
  });
});
