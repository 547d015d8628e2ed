import { describe, expect, it } from 'vitest';
import { findScenario } from '../../../src/scenarios';
import { dnsAnswerLabel, type Flight, flightsOf, toneOfReply } from '../../../src/ui/graph/flights';
import { LANE_GAP, MAX_LANES, progressAt, tokensAt } from '../../../src/ui/graph/tokens';
import { connRoute, dnsRoute } from '../../../src/ui/graph/topology';
import { Simulation } from '../../../src/world/simulation';
import type { TraceEvent } from '../../../src/world/trace';

function traceOf(id: string): readonly TraceEvent[] {
  const sim = new Simulation(findScenario(id)!);
  sim.world.runUntilIdle({ maxTasks: 200_000 });
  return sim.trace;
}

const seed = flightsOf(traceOf('seed-basic'));
const telnet = connRoute('gandalf', 'mailserver.mydomain.com', 25);
const lmtp = connRoute('mailserver.mydomain.com', 'mailserver.mydomain.com', 24);

describe('flights read from the trace', () => {
  it('each command travels one way with its text; each reply travels back, coloured by class', () => {
    const mail = seed.find((f) => f.label === 'MAIL FROM:<plc@gandalf>')!;
    expect(mail).toMatchObject({ kind: 'command', tone: 'command', forward: true, route: telnet });
    expect(mail.arrive).toBeGreaterThan(mail.depart);
    const ok = seed.find((f) => f.label === '250 2.1.0 Ok' && f.route === telnet)!;
    expect(ok).toMatchObject({ kind: 'reply', tone: '2xx', forward: false });
    expect(ok.depart).toBeGreaterThanOrEqual(mail.arrive);
    expect(seed.find((f) => f.label.startsWith('354'))?.tone).toBe('3xx');
  });

  it('the DATA body travels as ONE envelope, from the first line to the lone "."', () => {
    const envelopes = seed.filter((f) => f.kind === 'envelope');
    expect(envelopes.map((f) => f.route)).toEqual([telnet, lmtp]);
    const typed = envelopes[0]!;
    expect(typed.label).toBe('✉ message · 1 line');
    // A person types the body: the envelope waits at gandalf until "." is sent.
    expect(typed.appear).toBeLessThan(typed.depart);
    expect(seed.some((f) => f.label === 'This is a test mail, typed by hand.' || f.label === '.')).toBe(false);
    // The LMTP copy carries the Received header the MX added.
    expect(envelopes[1]!.title).toContain('Received: from gandalf');
  });

  it('a multi-line reply travels as one token', () => {
    const ehlo = seed.find((f) => f.route === lmtp && f.label.startsWith('250-mailserver'))!;
    expect(ehlo.label).toBe('250-mailserver.mydomain.com (+4 lines)');
    expect(ehlo.title.split('\n')).toHaveLength(5);
  });

  it('DNS questions and answers make the side trip to the resolver', () => {
    const flights = flightsOf(traceOf('two-providers'));
    const dns = flights.filter((f) => f.route === dnsRoute('mta.sender.example'));
    expect(dns.map((f) => f.label)).toEqual(['MX? recipient.example', 'MX 10 mx.recipient.example', 'A? mx.recipient.example', 'A 192.0.2.25', 'AAAA? mx.recipient.example', 'AAAA NODATA']);
    expect(dns.map((f) => f.forward)).toEqual([true, false, true, false, true, false]);
    expect(dns[5]!.tone).toBe('dns-fail');
  });

  it('a bounce (MAIL FROM:<>) travels as a red envelope', () => {
    const flights = flightsOf(traceOf('user-unknown'));
    const dsn = flights.find((f) => f.kind === 'envelope' && f.tone === 'bounce')!;
    expect(dsn.route).toBe(connRoute('mta.sender.example', 'mx.sender.example', 25));
    expect(dsn.label).toMatch(/^✉ bounce \(DSN\)/);
    expect(flights.find((f) => f.label.startsWith('550 5.1.1'))?.tone).toBe('5xx');
  });

  it('a 4xx deferral reply is amber', () => {
    const flights = flightsOf(traceOf('greylisting'));
    expect(flights.find((f) => f.label.startsWith('451 4.7.1'))?.tone).toBe('4xx');
  });

  it('names reply classes and shortens DNS answers', () => {
    expect(['250 Ok', '354 go', '451 later', '550 no'].map(toneOfReply)).toEqual(['2xx', '3xx', '4xx', '5xx']);
    expect(dnsAnswerLabel('MX', 'recipient.example. MX 10 mx1.recipient.example.; recipient.example. MX 20 mx2.recipient.example.', true)).toBe('MX 10 mx1.recipient.example (+1)');
  });
});

describe('tokens at a virtual time', () => {
  const f = (over: Partial<Flight>): Flight => ({
    id: 'x',
    seq: 0,
    route: 'r',
    kind: 'command',
    tone: 'command',
    label: 'x',
    title: 'x',
    forward: true,
    appear: 100,
    depart: 100,
    arrive: 120,
    ...over,
  });

  it('places a token from the time alone: exact on pause, step and back', () => {
    expect(progressAt(f({}), 99)).toBeUndefined();
    expect(progressAt(f({}), 100)).toBe(0);
    expect(progressAt(f({}), 110)).toBe(0.5);
    expect(progressAt(f({}), 119)).toBeCloseTo(0.95);
    // Arrived: gone, so a step that lands on an arrival shows only what travels on.
    expect(progressAt(f({}), 120)).toBeUndefined();
    expect(progressAt(f({ arrive: 100 }), 100)).toBe(0);
    // A typed body waits at the sender until "." goes.
    expect(progressAt(f({ appear: 50, depart: Number.POSITIVE_INFINITY, arrive: Number.POSITIVE_INFINITY }), 80)).toBe(0);
  });

  it('stacks labels of tokens that would overlap, newest nearest, and hides the oldest beyond the lanes', () => {
    const flights = [0, 1, 2, 3].map((i) => f({ id: `p${i}`, seq: i }));
    const tokens = tokensAt(flights, 110);
    const lanes = Object.fromEntries(tokens.map((t) => [t.flight.id, t.lane]));
    expect(lanes).toEqual({ p3: 0, p2: 1, p1: 2, p0: -1 });
    expect(MAX_LANES).toBe(3);
    // Replies go the other way: they do not take the commands' lanes.
    const both = tokensAt([f({ id: 'c', seq: 1 }), f({ id: 'r', seq: 2, forward: false })], 110);
    expect(both.map((t) => t.lane)).toEqual([0, 0]);
    // Far apart on the edge: one lane is enough.
    const apart = tokensAt([f({ id: 'a', seq: 1 }), f({ id: 'b', seq: 2, depart: 110, appear: 110, arrive: 130 })], 115);
    expect(Math.abs(apart[0]!.progress - apart[1]!.progress)).toBeGreaterThanOrEqual(LANE_GAP);
    expect(apart.map((t) => t.lane)).toEqual([0, 0]);
  });

  it('shows the seed run: MAIL FROM on the wire at its send time, gone after it arrives', () => {
    const mail = seed.find((x) => x.label === 'MAIL FROM:<plc@gandalf>')!;
    const onWire = tokensAt(seed.filter((x) => x.route === telnet), (mail.depart + mail.arrive) / 2);
    expect(onWire.map((t) => t.flight.label)).toEqual(['MAIL FROM:<plc@gandalf>']);
    expect(tokensAt(seed.filter((x) => x.route === telnet), mail.arrive + 1).map((t) => t.flight.label)).not.toContain('MAIL FROM:<plc@gandalf>');
  });
});
