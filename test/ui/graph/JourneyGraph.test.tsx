// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JourneyGraph } from '../../../src/ui/graph/JourneyGraph';
import { renderWith, storeFor } from '../harness';

beforeAll(() => {
  // React Flow measures its nodes; jsdom has no layout, so give it the observer and matrix it expects.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  (globalThis as { DOMMatrixReadOnly?: unknown }).DOMMatrixReadOnly ??= class {
    m22 = 1;
  };
});
afterEach(cleanup);

function mount(id: string) {
  const store = storeFor(id, { toEnd: false });
  renderWith(
    store,
    <div style={{ width: 1000, height: 600 }}>
      <JourneyGraph />
    </div>,
  );
  return store;
}

describe('the journey graph', () => {
  it('draws every host with its roles, the MDA apart, and the mailbox with its count', () => {
    const store = mount('seed-basic');
    const host = document.querySelector('[data-host="mailserver.mydomain.com"].gn-host')!;
    expect(host.textContent).toContain('mailserver');
    expect(host.textContent).toContain('MX');
    expect(host.textContent).toContain('MDA');
    expect(host.textContent).toContain(':25');
    expect(document.querySelector('.gn-mda')?.textContent).toContain('LMTP 24');
    const box = () => document.querySelector('[data-mailbox="pleclercq@mydomain.com"]')!;
    expect(box().getAttribute('data-count')).toBe('0');
    act(() => store.seekTime(store.getSnapshot().horizon.time));
    expect(box().getAttribute('data-count')).toBe('1');
    expect(box().textContent).toContain('1 message');
  });

  it('shows the session state of a host as the run goes', () => {
    const store = mount('seed-basic');
    act(() => store.seekTime(2600));
    expect(document.querySelector('[data-host="mailserver.mydomain.com"].gn-host .gn-state')?.textContent).toBe('rcpt');
    expect(screen.getAllByText('queue').length).toBeGreaterThan(0);
  });

  it('draws the DNS resolver when a host looks routes up', () => {
    mount('two-providers');
    expect(document.querySelector('.gn-resolver')?.textContent).toContain('resolver');
    expect(document.querySelectorAll('.gn-mailbox')).toHaveLength(2);
  });
});
