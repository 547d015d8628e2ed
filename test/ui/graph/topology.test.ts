import { describe, expect, it } from 'vitest';
import { findScenario, scenarios } from '../../../src/scenarios';
import { adhocEdges, buildTopology, connRoute, dnsRoute, hostId, mailboxId, mdaId, RESOLVER_ID, serverNodeId } from '../../../src/ui/graph/topology';

const topo = (id: string) => buildTopology(findScenario(id)!);
const edge = (id: string, source: string, target: string) => topo(id).edges.find((e) => e.source === source && e.target === target);

describe('topology from scenario data', () => {
  it('seed-basic: gandalf telnets to port 25, the MX hands over LMTP to its MDA drawn apart, the MDA stores into the mailbox', () => {
    const t = topo('seed-basic');
    const ids = t.nodes.map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining([hostId('gandalf'), hostId('mailserver.mydomain.com'), mdaId('mailserver.mydomain.com'), mailboxId('pleclercq@mydomain.com')]));
    // No host does MX lookups: no resolver to confuse anyone.
    expect(ids).not.toContain(RESOLVER_ID);
    expect(edge('seed-basic', hostId('gandalf'), hostId('mailserver.mydomain.com'))?.data).toMatchObject({ kind: 'telnet', port: 25, route: connRoute('gandalf', 'mailserver.mydomain.com', 25) });
    const lmtp = edge('seed-basic', hostId('mailserver.mydomain.com'), mdaId('mailserver.mydomain.com'));
    expect(lmtp).toMatchObject({ sourceHandle: 'down', targetHandle: 'top' });
    expect(lmtp?.data).toMatchObject({ kind: 'lmtp', port: 24, label: 'LMTP 24' });
    expect(edge('seed-basic', mdaId('mailserver.mydomain.com'), mailboxId('pleclercq@mydomain.com'))?.data.kind).toBe('store');
  });

  it('a scenario with no plain client machine gets the learner\'s, whose console connections get edges when made', () => {
    const s = findScenario('two-providers')!;
    const t = topo('two-providers');
    expect(t.nodes.find((n) => n.id === hostId('learner-pc'))?.data).toMatchObject({ kind: 'host', client: true, roles: [] });
    expect(t.edges.some((e) => e.source === hostId('learner-pc'))).toBe(false);
    const used = adhocEdges(s, t, [{ from: 'learner-pc', to: 'smtp.sender.example', port: 587 }]);
    expect(used).toHaveLength(1);
    expect(used[0]).toMatchObject({ source: hostId('learner-pc'), target: hostId('smtp.sender.example') });
    // The seed article has gandalf for that, so no extra machine appears there.
    expect(topo('seed-basic').nodes.some((n) => n.id === hostId('learner-pc'))).toBe(false);
  });

  it('never draws a self-loop: a host talking to itself goes to its split MDA node', () => {
    for (const s of scenarios) for (const e of buildTopology(s).edges) expect(e.source).not.toBe(e.target);
  });

  it('two-providers: MUA to MSA on 587, MSA to MTA on 10025, MTA to each MX in DNS, a DNS side trip', () => {
    const id = 'two-providers';
    expect(edge(id, hostId('alice-laptop'), hostId('smtp.sender.example'))?.data).toMatchObject({ kind: 'submission', port: 587 });
    expect(edge(id, hostId('smtp.sender.example'), hostId('mta.sender.example'))?.data).toMatchObject({ kind: 'relay', port: 10025 });
    expect(edge(id, hostId('mta.sender.example'), hostId('mx.recipient.example'))?.data).toMatchObject({ kind: 'smtp', port: 25 });
    expect(edge(id, hostId('mta.sender.example'), hostId('mx.sender.example'))?.data).toMatchObject({ kind: 'smtp', port: 25 });
    expect(edge(id, hostId('mta.sender.example'), RESOLVER_ID)?.data).toMatchObject({ kind: 'dns', route: dnsRoute('mta.sender.example') });
    const host = topo(id).nodes.find((n) => n.id === hostId('mx.recipient.example'))!.data;
    expect(host).toMatchObject({ kind: 'host', roles: ['mx', 'mda'], splitMda: true, usesDns: false });
  });

  it('mx-failover: both MX hosts lead to the separate mail store over LMTP, and the down host is marked', () => {
    const id = 'mx-failover';
    expect(edge(id, hostId('mx1.recipient.example'), hostId('store.recipient.example'))?.data).toMatchObject({ kind: 'lmtp', port: 24 });
    expect(edge(id, hostId('mx2.recipient.example'), hostId('store.recipient.example'))?.data.kind).toBe('lmtp');
    expect(edge(id, hostId('store.recipient.example'), mailboxId('bob@recipient.example'))).toBeDefined();
    const mx1 = topo(id).nodes.find((n) => n.id === hostId('mx1.recipient.example'))!.data;
    expect(mx1).toMatchObject({ down: true });
    // The store only runs an MDA: it is the MDA node itself, not split.
    expect(topo(id).nodes.some((n) => n.id === mdaId('store.recipient.example'))).toBe(false);
  });

  it('lists the ports each host listens on, and marks plain client machines', () => {
    const t = topo('relay-denied');
    const server = t.nodes.find((n) => n.id === hostId('mailserver.mydomain.com'))!.data;
    expect(server.kind === 'host' && server.ports.map((p) => `${p.protocol} ${p.port}`)).toEqual(['SMTP 25', 'LMTP 24']);
    const mallory = t.nodes.find((n) => n.id === hostId('mallory.example'))!.data;
    expect(mallory).toMatchObject({ client: true, roles: [] });
  });

  it('connects a client machine with no scripted session to the MX, so the console start looks the same', () => {
    const seed = findScenario('seed-basic')!;
    const t = buildTopology({ ...seed, inputs: [] });
    expect(t.edges.find((e) => e.source === hostId('gandalf'))).toMatchObject({ target: hostId('mailserver.mydomain.com'), data: { port: 25, kind: 'telnet' } });
  });

  it('routes a connection to the node that answers it', () => {
    const s = findScenario('seed-basic')!;
    expect(serverNodeId(s, 'mailserver.mydomain.com', 24)).toBe(mdaId('mailserver.mydomain.com'));
    expect(serverNodeId(s, 'mailserver.mydomain.com', 25)).toBe(hostId('mailserver.mydomain.com'));
    expect(serverNodeId(s, 'nowhere.example', 25)).toBeUndefined();
  });

  it('adds a dashed edge for a connection the scenario did not foresee, once', () => {
    const s = findScenario('seed-basic')!;
    const t = buildTopology(s);
    const extra = adhocEdges(s, t, [
      { from: 'gandalf', to: 'mailserver.mydomain.com', port: 25 },
      { from: 'gandalf', to: 'mailserver.mydomain.com', port: 24 },
      { from: 'gandalf', to: 'mailserver.mydomain.com', port: 24 },
      { from: 'ghost', to: 'mailserver.mydomain.com', port: 25 },
    ]);
    expect(extra).toHaveLength(1);
    expect(extra[0]).toMatchObject({ source: hostId('gandalf'), target: mdaId('mailserver.mydomain.com'), data: { kind: 'adhoc', port: 24 } });
  });
});

describe('routeOfEvent: the edge the event list lights', () => {
  it('a line lights its connection, a DNS message the resolver trip, a queue event nothing', async () => {
    const { World } = await import('../../../src/world/world');
    const { routeOfEvent } = await import('../../../src/ui/graph/topology');
    const world = new World(findScenario('two-providers')!);
    world.runUntilIdle();
    const t = world.trace;
    const rcpt = t.findIndex((e) => e.kind === 'line' && e.text === 'RCPT TO:<bob@recipient.example>' && e.from === 'mta.sender.example');
    expect(routeOfEvent(t, rcpt)).toBe(connRoute('mta.sender.example', 'mx.recipient.example', 25));
    const answer = t.findIndex((e) => e.kind === 'dns.answer');
    expect(routeOfEvent(t, answer)).toBe(dnsRoute('mta.sender.example'));
    expect(routeOfEvent(t, t.findIndex((e) => e.kind === 'queue.add'))).toBeUndefined();
    expect(routeOfEvent(t, undefined)).toBeUndefined();
  });
});
