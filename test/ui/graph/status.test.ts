import { describe, expect, it } from 'vitest';
import { findScenario } from '../../../src/scenarios';
import { graphStatus, nodeStatusOf, routeStatusOf } from '../../../src/ui/graph/status';
import { connRoute, hostId, mdaId } from '../../../src/ui/graph/topology';
import { Simulation } from '../../../src/world/simulation';

function runTo(id: string, until?: (sim: Simulation) => boolean) {
  const scenario = findScenario(id)!;
  const sim = new Simulation(scenario);
  if (until) {
    while (!until(sim) && sim.step()) {
      // step until the condition holds
    }
  } else sim.world.runUntilIdle({ maxTasks: 200_000 });
  return { scenario, sim, status: graphStatus(scenario, sim.trace) };
}

describe('what the nodes and edges show', () => {
  it('the host shows its smtpd session state; the LMTP session belongs to the MDA node', () => {
    const { status } = runTo('seed-basic', (sim) => sim.trace.some((e) => e.kind === 'state' && e.to === 'rcpt'));
    const host = nodeStatusOf(status, hostId('mailserver.mydomain.com'));
    expect(host.sessions.map((s) => `${s.machine}: ${s.state}`)).toEqual(['smtpd: rcpt']);
    expect(host.sessions[0]!.peer).toBe('gandalf');
    const later = runTo('seed-basic', (sim) => sim.trace.some((e) => e.kind === 'state' && e.connId === 'c2' && e.machine === 'smtpd' && e.to === 'data'));
    expect(nodeStatusOf(later.status, mdaId('mailserver.mydomain.com')).sessions.map((s) => s.state)).toEqual(['data']);
  });

  it('queue length is queue.add minus queue.remove on that host, up to now', () => {
    const queued = runTo('seed-basic', (sim) => sim.trace.some((e) => e.kind === 'queue.add'));
    expect(nodeStatusOf(queued.status, hostId('mailserver.mydomain.com')).queue).toBe(1);
    const done = runTo('seed-basic');
    expect(nodeStatusOf(done.status, hostId('mailserver.mydomain.com')).queue).toBe(0);
    expect(done.status.mailboxes.get('pleclercq@mydomain.com')).toBe(1);
    expect(nodeStatusOf(done.status, mdaId('mailserver.mydomain.com')).delivered).toBe(1);
    expect(nodeStatusOf(done.status, hostId('mailserver.mydomain.com')).sessions).toEqual([]);
  });

  it('a deferral shows its retry time in virtual ms; a bounce is counted on the MTA', () => {
    const grey = runTo('greylisting', (sim) => sim.trace.some((e) => e.kind === 'queue.defer'));
    const deferred = nodeStatusOf(grey.status, hostId('mta.sender.example')).deferred;
    expect(deferred).toHaveLength(1);
    expect(deferred[0]!.retryAt - grey.sim.world.now).toBeGreaterThan(290_000);
    expect(nodeStatusOf(runTo('greylisting').status, hostId('mta.sender.example')).deferred).toEqual([]);
    expect(nodeStatusOf(runTo('user-unknown').status, hostId('mta.sender.example')).bounces).toBe(1);
  });

  it('a failed connection marks its edge and the host that did not answer', () => {
    const { status } = runTo('mx-failover');
    expect(routeStatusOf(status, connRoute('mta.sender.example', 'mx1.recipient.example', 25)).state).toBe('failed');
    expect(nodeStatusOf(status, hostId('mx1.recipient.example')).refused?.reason).toMatch(/timed out/);
    expect(routeStatusOf(status, connRoute('mta.sender.example', 'mx2.recipient.example', 25)).state).toBe('used');
  });

  it('a person telnetting shows an open console on the client machine', () => {
    const { status } = runTo('seed-basic', (sim) => sim.trace.length > 5);
    expect(nodeStatusOf(status, hostId('gandalf')).consoles).toEqual([{ connId: 'c1', to: 'mailserver.mydomain.com', port: 25 }]);
    expect(routeStatusOf(status, connRoute('gandalf', 'mailserver.mydomain.com', 25))).toMatchObject({ state: 'open', connId: 'c1' });
  });
});
