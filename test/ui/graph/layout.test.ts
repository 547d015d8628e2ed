import { describe, expect, it } from 'vitest';
import { findScenario, scenarios } from '../../../src/scenarios';
import { hostWidth, layoutTopology, SIZES, splitHostName } from '../../../src/ui/graph/layout';
import { buildTopology, frameId, hostId, mailboxId, mdaId, RESOLVER_ID } from '../../../src/ui/graph/topology';

const layoutOf = (id: string) => {
  const l = layoutTopology(buildTopology(findScenario(id)!));
  return { ...l, at: (nodeId: string) => l.nodes.find((n) => n.id === nodeId)! };
};

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('dagre layout, left to right', () => {
  it('places the journey from left to right: client, server, mailbox', () => {
    const l = layoutOf('two-providers');
    const x = (id: string) => l.at(id).x;
    expect(x(hostId('alice-laptop'))).toBeLessThan(x(hostId('smtp.sender.example')));
    expect(x(hostId('smtp.sender.example'))).toBeLessThan(x(hostId('mta.sender.example')));
    expect(x(hostId('mta.sender.example'))).toBeLessThan(x(hostId('mx.recipient.example')));
    expect(x(hostId('mx.recipient.example'))).toBeLessThan(x(mailboxId('bob@recipient.example')));
  });

  it('puts a split MDA right below its host, inside one frame', () => {
    const l = layoutOf('seed-basic');
    const host = l.at(hostId('mailserver.mydomain.com'));
    const mda = l.at(mdaId('mailserver.mydomain.com'));
    const frame = l.at(frameId('mailserver.mydomain.com'));
    expect(mda.x).toBe(host.x);
    expect(mda.y).toBe(host.y + host.height + SIZES.mdaGap);
    expect(frame.x).toBeLessThan(host.x);
    expect(frame.y + frame.height).toBeGreaterThan(mda.y + mda.height);
  });

  it('puts the resolver under the host that asks it', () => {
    const l = layoutOf('two-providers');
    const mta = l.at(hostId('mta.sender.example'));
    const resolver = l.at(RESOLVER_ID);
    expect(resolver.y).toBeGreaterThan(mta.y + mta.height);
    expect(Math.abs(resolver.x + resolver.width / 2 - (mta.x + mta.width / 2))).toBeLessThan(2);
  });

  it('never overlaps two nodes (frames aside), in every preset', () => {
    for (const s of scenarios) {
      const nodes = layoutTopology(buildTopology(s)).nodes.filter((n) => !n.id.startsWith('frame:'));
      for (const a of nodes) for (const b of nodes) if (a !== b) expect(overlaps(a, b), `${s.id}: ${a.id} / ${b.id}`).toBe(false);
    }
  });

  it('is deterministic and starts at the origin', () => {
    const s = findScenario('mx-failover')!;
    const a = layoutTopology(buildTopology(s));
    expect(layoutTopology(buildTopology(s))).toEqual(a);
    expect(Math.min(...a.nodes.map((n) => n.x))).toBe(0);
    expect(Math.min(...a.nodes.map((n) => n.y))).toBe(0);
  });

  it('sizes a host by its name, drawn on two lines', () => {
    expect(splitHostName('mx.recipient.example')).toEqual(['mx', '.recipient.example']);
    expect(splitHostName('gandalf')).toEqual(['gandalf', '']);
    expect(hostWidth('averyveryverylongname.example')).toBeGreaterThan(hostWidth('mx.example'));
    expect(hostWidth('a')).toBeGreaterThanOrEqual(150);
  });
});
