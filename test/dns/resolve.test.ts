import { describe, expect, it } from 'vitest';
import { createDnsDb, MAX_CNAME_CHAIN, query, type ZoneSpec } from '../../src/dns';

const zone: ZoneSpec = {
  'recipient.example': { mx: [{ preference: 10, exchange: 'mx1.recipient.example' }], a: ['192.0.2.25'] },
  'mx1.recipient.example': { a: ['192.0.2.10', '192.0.2.11'] },
  'www.recipient.example': { cname: 'recipient.example' },
  'old.recipient.example': { cname: 'www.recipient.example' },
  'gone.example': { cname: 'nowhere.example' },
  'deep.sub.example': { a: ['192.0.2.99'] },
};
const db = createDnsDb(zone);

describe('query', () => {
  it('answers the records of the type asked, whatever the case and trailing dot', () => {
    expect(query(db, 'MX1.Recipient.Example.', 'A')).toEqual({
      kind: 'answer',
      records: [
        { type: 'A', name: 'mx1.recipient.example', address: '192.0.2.10' },
        { type: 'A', name: 'mx1.recipient.example', address: '192.0.2.11' },
      ],
      cnameChain: [],
    });
  });

  it('answers NODATA for an existing name without that type', () => {
    expect(query(db, 'mx1.recipient.example', 'AAAA')).toEqual({ kind: 'nodata', cnameChain: [] });
  });

  it('answers NODATA for an empty non-terminal (RFC 8020), NXDOMAIN for a name that does not exist', () => {
    expect(query(db, 'sub.example', 'A')).toEqual({ kind: 'nodata', cnameChain: [] });
    expect(query(db, 'nosuch.example', 'MX')).toEqual({ kind: 'nxdomain', cnameChain: [] });
  });

  it('follows a CNAME chain and reports it', () => {
    expect(query(db, 'old.recipient.example', 'MX')).toEqual({
      kind: 'answer',
      records: [{ type: 'MX', name: 'recipient.example', preference: 10, exchange: 'mx1.recipient.example' }],
      cnameChain: [
        { type: 'CNAME', name: 'old.recipient.example', target: 'www.recipient.example' },
        { type: 'CNAME', name: 'www.recipient.example', target: 'recipient.example' },
      ],
    });
  });

  it('answers the CNAME itself when CNAME is asked', () => {
    expect(query(db, 'www.recipient.example', 'CNAME')).toEqual({
      kind: 'answer',
      records: [{ type: 'CNAME', name: 'www.recipient.example', target: 'recipient.example' }],
      cnameChain: [],
    });
  });

  it('keeps the chain when an alias leads to a missing name or to missing data', () => {
    expect(query(db, 'gone.example', 'A')).toEqual({
      kind: 'nxdomain',
      cnameChain: [{ type: 'CNAME', name: 'gone.example', target: 'nowhere.example' }],
    });
    expect(query(db, 'www.recipient.example', 'AAAA')).toEqual({
      kind: 'nodata',
      cnameChain: [{ type: 'CNAME', name: 'www.recipient.example', target: 'recipient.example' }],
    });
  });

  it('prefers the CNAME over other data wrongly published beside it', () => {
    const mixed = createDnsDb({ 'a.example': { cname: 'b.example', a: ['192.0.2.1'] }, 'b.example': { a: ['192.0.2.2'] } });
    expect(query(mixed, 'a.example', 'A')).toEqual({
      kind: 'answer',
      records: [{ type: 'A', name: 'b.example', address: '192.0.2.2' }],
      cnameChain: [{ type: 'CNAME', name: 'a.example', target: 'b.example' }],
    });
  });

  it('fails a CNAME loop with SERVFAIL', () => {
    const loop = createDnsDb({ 'a.example': { cname: 'b.example' }, 'b.example': { cname: 'A.Example.' } });
    expect(query(loop, 'a.example', 'A')).toEqual({
      kind: 'servfail',
      cause: 'cname-loop',
      cnameChain: [
        { type: 'CNAME', name: 'a.example', target: 'b.example' },
        { type: 'CNAME', name: 'b.example', target: 'a.example' },
      ],
    });
    const self = createDnsDb({ 'a.example': { cname: 'a.example' } });
    expect(query(self, 'a.example', 'MX')).toMatchObject({ kind: 'servfail', cause: 'cname-loop' });
  });

  it(`follows at most ${MAX_CNAME_CHAIN} aliases, then fails with SERVFAIL`, () => {
    const chain = (length: number): ZoneSpec => {
      const spec: Record<string, { cname?: string; a?: string[] }> = { [`h${length}.example`]: { a: ['192.0.2.1'] } };
      for (let i = 0; i < length; i++) spec[`h${i}.example`] = { cname: `h${i + 1}.example` };
      return spec;
    };
    const ok = query(createDnsDb(chain(MAX_CNAME_CHAIN)), 'h0.example', 'A');
    expect(ok.kind).toBe('answer');
    expect(ok.cnameChain).toHaveLength(MAX_CNAME_CHAIN);
    const tooLong = query(createDnsDb(chain(MAX_CNAME_CHAIN + 1)), 'h0.example', 'A');
    expect(tooLong).toMatchObject({ kind: 'servfail', cause: 'cname-chain-too-long' });
    expect(tooLong.cnameChain).toHaveLength(MAX_CNAME_CHAIN + 1);
  });

  describe('faults', () => {
    it('turns any query for the name into the fault', () => {
      const faulty = createDnsDb(zone, {
        'recipient.example': 'servfail',
        'mx1.recipient.example': 'timeout',
        'deep.sub.example': 'nxdomain',
      });
      expect(query(faulty, 'recipient.example', 'MX')).toEqual({ kind: 'servfail', cause: 'fault', cnameChain: [] });
      expect(query(faulty, 'recipient.example', 'A')).toEqual({ kind: 'servfail', cause: 'fault', cnameChain: [] });
      expect(query(faulty, 'mx1.recipient.example', 'A')).toEqual({ kind: 'timeout', cnameChain: [] });
      expect(query(faulty, 'deep.sub.example', 'A')).toEqual({ kind: 'nxdomain', cnameChain: [] });
    });

    it('applies to a name reached through an alias', () => {
      const faulty = createDnsDb(zone, { 'recipient.example': 'timeout' });
      expect(query(faulty, 'www.recipient.example', 'A')).toEqual({
        kind: 'timeout',
        cnameChain: [{ type: 'CNAME', name: 'www.recipient.example', target: 'recipient.example' }],
      });
    });

    it('can break only one query type', () => {
      const faulty = createDnsDb(zone, { 'mx1.recipient.example': { AAAA: 'servfail' } });
      expect(query(faulty, 'mx1.recipient.example', 'AAAA')).toEqual({ kind: 'servfail', cause: 'fault', cnameChain: [] });
      expect(query(faulty, 'mx1.recipient.example', 'A')).toMatchObject({ kind: 'answer' });
    });

    it('can break a name that has no records at all', () => {
      expect(query(createDnsDb({}, { 'x.example': 'servfail' }), 'x.example', 'A')).toMatchObject({ kind: 'servfail' });
    });
  });
});
