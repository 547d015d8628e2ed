// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findScenario } from '../../../src/scenarios';
import { EventListPanel } from '../../../src/ui/events/EventListPanel';
import type { SimStore, SimView } from '../../../src/ui/state/sim-store';
import type { TraceEvent } from '../../../src/world/trace';
import { fakeLayout, renderWith, storeFor } from '../harness';

let restore: () => void;
beforeEach(() => {
  restore = fakeLayout(600, 900);
});
afterEach(() => {
  cleanup();
  restore();
});

/** A stand-in store holding a synthetic trace, for the size test: the panel only reads the view. */
function syntheticStore(count: number) {
  const scenario = findScenario('two-providers')!;
  const trace: TraceEvent[] = Array.from({ length: count }, (_, i) => ({
    kind: 'line',
    seq: i,
    t: i * 3,
    connId: `c${1 + (i % 7)}`,
    from: i % 2 ? 'mx.recipient.example' : 'mta.sender.example',
    to: i % 2 ? 'mta.sender.example' : 'mx.recipient.example',
    direction: i % 2 ? 's2c' : 'c2s',
    text: i % 2 ? '250 2.0.0 Ok' : `NOOP ${i}`,
    arrive: i * 3 + 1,
  }));
  const view = { scenario, sim: { world: { startTime: 0 } }, trace, version: 1, tab: 'events' } as unknown as SimView;
  const seekEvent = vi.fn();
  const store = { getSnapshot: () => view, subscribe: () => () => {}, seekEvent, select: vi.fn() } as unknown as SimStore;
  return { store, seekEvent };
}

describe('EventListPanel', () => {
  it('renders 10,000 events as a virtual list: only a small window of rows is in the DOM', () => {
    const { store } = syntheticStore(10_000);
    renderWith(store, <EventListPanel />);
    const list = screen.getByRole('listbox', { name: /events of the run/i });
    const options = within(list).getAllByRole('option');
    expect(options.length).toBeGreaterThan(5);
    expect(options.length).toBeLessThan(80);
    expect(options[0]!.getAttribute('aria-setsize')).toBe('10000');
    expect(screen.getByText(/10000 events shown/)).toBeTruthy();
  });

  it('is usable from the keyboard: Home, End, arrows move, Enter selects', async () => {
    const { store, seekEvent } = syntheticStore(10_000);
    renderWith(store, <EventListPanel />);
    const list = screen.getByRole('listbox');
    act(() => list.focus());
    fireEvent.keyDown(list, { key: 'Home' });
    expect(list.getAttribute('aria-activedescendant')).toMatch(/-ev-0$/);
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(list.getAttribute('aria-activedescendant')).toMatch(/-ev-2$/);
    fireEvent.keyDown(list, { key: 'Enter' });
    expect(seekEvent).toHaveBeenLastCalledWith(2);
    fireEvent.keyDown(list, { key: 'End' });
    expect(list.getAttribute('aria-activedescendant')).toMatch(/-ev-9999$/);
    // The active row is rendered even though it is far from the start.
    await waitFor(() => expect(document.getElementById(list.getAttribute('aria-activedescendant')!)).not.toBeNull());
    fireEvent.keyDown(list, { key: 'ArrowUp' });
    fireEvent.keyDown(list, { key: ' ' });
    expect(seekEvent).toHaveBeenLastCalledWith(9998);
  });

  it('lists a real run up to now, with the MX lookup and the delivery', () => {
    const store = storeFor('two-providers');
    renderWith(store, <EventListPanel />);
    const list = screen.getByRole('listbox');
    // Only DNS and delivery rows, so they all fit the window.
    for (const label of ['SMTP lines', 'Queue', 'Connection']) fireEvent.click(screen.getByRole('checkbox', { name: new RegExp(label) }));
    const texts = within(list)
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(texts.some((t) => t?.includes('DNS query') && t.includes('recipient.example MX?'))).toBe(true);
    expect(texts.some((t) => t?.includes('DNS answer') && t.includes('MX 10 mx.recipient.example'))).toBe(true);
    expect(texts.some((t) => t?.includes('delivered') && t.includes('bob@recipient.example'))).toBe(true);
    store.dispose();
  });

  it('filters by kind and by host, and says how many rows the filters hide', () => {
    const store = storeFor('two-providers');
    renderWith(store, <EventListPanel />);
    const total = store.getSnapshot().trace.length;
    fireEvent.click(screen.getByRole('checkbox', { name: /SMTP lines/ }));
    const list = screen.getByRole('listbox');
    expect(within(list).queryAllByText(/SMTP (command|reply)/)).toHaveLength(0);
    expect(screen.getByText(/hidden by the filters/).textContent).toMatch(/\d+ events shown, \d+ hidden/);
    fireEvent.change(screen.getByRole('combobox', { name: 'Host' }), { target: { value: 'resolver' } });
    const rows = within(list).getAllByRole('option');
    expect(rows.length).toBe(store.getSnapshot().trace.filter((e) => e.kind.startsWith('dns')).length);
    expect(rows.every((r) => r.textContent?.includes('resolver'))).toBe(true);
    expect(total).toBeGreaterThan(rows.length);
    store.dispose();
  });

  it('selecting a row moves the run to just after it and selects its connection', () => {
    const store = storeFor('two-providers');
    renderWith(store, <EventListPanel />);
    fireEvent.click(screen.getByRole('checkbox', { name: /SMTP lines/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Queue/ }));
    const connect = screen.getAllByRole('option').find((o) => o.textContent?.includes('Connection c2 opened'))!;
    fireEvent.click(connect);
    const view = store.getSnapshot();
    const seq = view.trace.findIndex((e) => e.kind === 'connect' && e.connId === 'c2');
    expect(view.selectedSeq).toBe(seq);
    expect(view.selectedConnId).toBe('c2');
    expect(view.trace[seq]).toMatchObject({ kind: 'connect', connId: 'c2' });
    const selected = screen.getAllByRole('option').find((o) => o.getAttribute('aria-selected') === 'true');
    expect(selected?.textContent).toContain('Connection c2 opened');
    store.dispose();
  });

  it('says so when nothing has happened yet', () => {
    const store = storeFor('two-providers', { toEnd: false });
    renderWith(store, <EventListPanel />);
    expect(screen.getByText(/Nothing has happened yet/)).toBeTruthy();
    store.dispose();
  });
});
