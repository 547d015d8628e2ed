import { describe, expect, it } from 'vitest';
import { formatUrlState, parseUrlState } from '../../../src/app/url-state';

describe('the address bar', () => {
  it('opens the seed scenario by default', () => {
    expect(parseUrlState('')).toEqual({ scenario: 'seed-basic', problems: [] });
  });

  it('reads the scenario, tab, speed and time from the query, or from the fragment', () => {
    expect(parseUrlState('?scenario=two-providers&tab=transcript&speed=2&t=4520')).toEqual({ scenario: 'two-providers', tab: 'transcript', speed: 2, t: 4520, problems: [] });
    expect(parseUrlState('', '#scenario=greylisting&tab=console')).toMatchObject({ scenario: 'greylisting', tab: 'console' });
    // The query wins over the fragment.
    expect(parseUrlState('?scenario=mx-failover', '#scenario=greylisting').scenario).toBe('mx-failover');
  });

  it('names a bad scenario id and falls back, keeping the rest', () => {
    const s = parseUrlState('?scenario=nope&tab=mailboxes');
    expect(s).toMatchObject({ scenario: 'seed-basic', badScenario: 'nope', tab: 'mailboxes' });
  });

  it('reports other bad values by field and ignores them', () => {
    const s = parseUrlState('?tab=nowhere&speed=3&t=-5');
    expect(s.tab).toBeUndefined();
    expect(s.speed).toBeUndefined();
    expect(s.t).toBeUndefined();
    expect(s.problems.map((p) => p.split(':')[0])).toEqual(['tab', 'speed', 't']);
  });

  it('writes the state back, keeping parameters it does not own and leaving defaults out', () => {
    expect(formatUrlState('http://x/?exercise=recover-503&scenario=seed-basic&t=99', { scenario: 'two-providers', tab: 'events', speed: 1 })).toBe(
      '/?exercise=recover-503&scenario=two-providers',
    );
    expect(formatUrlState('http://x/#scenario=a', { scenario: 'greylisting', tab: 'console', speed: 8, t: 1500.4 })).toBe('/?scenario=greylisting&tab=console&speed=8&t=1500');
  });
});
