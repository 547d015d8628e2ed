import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type RefObject, useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatTime } from '../../world/trace';
import { useSim, useSimStore } from '../state/sim-context';
import { CATEGORIES, CATEGORY_HINT, CATEGORY_LABEL, type Category, type EventRow, rowReader } from './rows';
import { useRemembered } from '../state/use-remembered';
import './events.css';

/** Row heights in px: one line when the panel is wide, two (summary below) when it is narrow. */
const ROW_WIDE = 30;
const ROW_NARROW = 48;
/** Below this width the columns would squeeze the summary, so each row takes two lines. */
const NARROW_BELOW = 720;
const PAGE = 10;

/** State steps are many and say little to a class at first; the chip turns them on. */
const DEFAULT_SHOWN: readonly Category[] = CATEGORIES.filter((c) => c !== 'state');

function usePanelWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(1024);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => {
      if (entry && entry.contentRect.width > 0) setWidth(entry.contentRect.width);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

/**
 * Every event of the run up to now, like Packet Tracer's simulation panel: time, from, to, kind and what
 * happened. Filter by host and kind; pick a row (click, or arrows then Enter) to move the run to just
 * after that event, which also highlights its connection on the graph.
 */
export function EventListPanel() {
  const store = useSimStore();
  const trace = useSim((v) => v.trace);
  const scenario = useSim((v) => v.scenario);
  const sim = useSim((v) => v.sim);
  const selectedSeq = useSim((v) => v.selectedSeq);
  const [host, setHost] = useRemembered<string>('events.host', '');
  const [shown, setShown] = useRemembered<readonly Category[]>('events.kinds', DEFAULT_SHOWN);
  const [active, setActive] = useState<number | undefined>(undefined);
  const [following, setFollowing] = useState(true);
  const id = useId();
  const panelRef = useRef<HTMLElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const narrow = usePanelWidth(panelRef) < NARROW_BELOW;
  const rowHeight = narrow ? ROW_NARROW : ROW_WIDE;

  const hosts = useMemo(() => [...scenario.hosts.map((h) => h.name), scenario.resolver.name], [scenario]);
  const hostFilter = hosts.includes(host) ? host : '';
  // Remembers the rows it made: while the run plays, only the new events are converted.
  const readRows = useMemo(() => rowReader(sim.world.startTime), [sim]);
  const all = useMemo(() => readRows(trace), [readRows, trace]);
  const ofHost = useMemo(() => (hostFilter ? all.filter((r) => r.hosts.includes(hostFilter)) : all), [all, hostFilter]);
  const counts = useMemo(() => {
    const c = Object.fromEntries(CATEGORIES.map((k) => [k, 0])) as Record<Category, number>;
    for (const r of ofHost) c[r.category]++;
    return c;
  }, [ofHost]);
  const rows = useMemo(() => {
    const on = new Set(shown);
    return ofHost.filter((r) => on.has(r.category));
  }, [ofHost, shown]);
  const indexOfSeq = useMemo(() => new Map(rows.map((r, i) => [r.seq, i])), [rows]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 6,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: rows change height when the panel narrows; re-measure then
  useEffect(() => {
    virtualizer.measure();
  }, [rowHeight, virtualizer]);

  // Follow the run as it grows, like a log, unless the user has scrolled up to read.
  useEffect(() => {
    if (following && rows.length > 0) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows.length, following, virtualizer]);

  // Keep the selected event in view (it may have been chosen on the graph or the transcript).
  useEffect(() => {
    const i = selectedSeq === undefined ? undefined : indexOfSeq.get(selectedSeq);
    if (i !== undefined) virtualizer.scrollToIndex(i, { align: 'auto' });
  }, [selectedSeq, indexOfSeq, virtualizer]);

  const activeIndex = active === undefined ? undefined : indexOfSeq.get(active);
  const moveTo = (i: number) => {
    const j = Math.max(0, Math.min(rows.length - 1, i));
    const row = rows[j];
    if (!row) return;
    setActive(row.seq);
    virtualizer.scrollToIndex(j, { align: 'auto' });
  };
  const choose = (row: EventRow) => {
    setActive(row.seq);
    store.seekEvent(row.seq);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const here = activeIndex ?? (selectedSeq !== undefined ? indexOfSeq.get(selectedSeq) : undefined) ?? rows.length - 1;
    let target: number | undefined;
    switch (e.key) {
      case 'ArrowDown':
        target = here + 1;
        break;
      case 'ArrowUp':
        target = here - 1;
        break;
      case 'PageDown':
        target = here + PAGE;
        break;
      case 'PageUp':
        target = here - PAGE;
        break;
      case 'Home':
        target = 0;
        break;
      case 'End':
        target = rows.length - 1;
        break;
      case 'Enter':
      case ' ':
        break;
      default:
        return;
    }
    e.preventDefault();
    setFollowing(false);
    if (target !== undefined) moveTo(target);
    else if (rows[here]) choose(rows[here]);
  };
  const onFocus = () => {
    if (activeIndex === undefined && rows.length > 0) {
      const sel = selectedSeq !== undefined ? indexOfSeq.get(selectedSeq) : undefined;
      setActive(rows[sel ?? rows.length - 1]!.seq);
    }
  };
  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - rowHeight;
    if (atEnd !== following) setFollowing(atEnd);
  };

  const toggle = (c: Category) => setShown((prev) => (prev.includes(c) ? prev.filter((x) => x !== c) : CATEGORIES.filter((x) => x === c || prev.includes(x))));
  const optionId = (seq: number) => `${id}-ev-${seq}`;
  const hidden = ofHost.length - rows.length;

  return (
    <section ref={panelRef} className={`mp-panel mp-events${narrow ? ' mp-events-narrow' : ''}`} aria-label="Events">
      <div className="mp-events-filters">
        <label className="mp-events-host">
          <span>Host</span>
          <select value={hostFilter} onChange={(e) => setHost(e.target.value)}>
            <option value="">All hosts</option>
            {hosts.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="mp-events-kinds">
          <legend>Show</legend>
          {CATEGORIES.map((c) => (
            <label key={c} className={`mp-chip mp-chip-${c}`} title={CATEGORY_HINT[c]}>
              <input type="checkbox" checked={shown.includes(c)} onChange={() => toggle(c)} />
              {CATEGORY_LABEL[c]} <span className="mp-chip-count">{counts[c]}</span>
            </label>
          ))}
        </fieldset>
      </div>
      <p className="mp-events-status" aria-live="polite">
        {rows.length} event{rows.length === 1 ? '' : 's'} shown
        {hidden > 0 ? `, ${hidden} hidden by the filters` : ''}
        {hostFilter ? ` (host ${hostFilter})` : ''}
      </p>
      <div className="mp-events-head" aria-hidden="true">
        <span>Time</span>
        <span>From</span>
        <span className="mp-ev-arrow" />
        <span>To</span>
        <span className="mp-ev-rest">
          <span>Kind</span>
          <span>What happened</span>
        </span>
      </div>
      <div
        ref={scrollRef}
        className="mp-events-scroll"
        role="listbox"
        tabIndex={0}
        aria-label="Events of the run, up to now"
        aria-activedescendant={activeIndex !== undefined ? optionId(active!) : undefined}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        onScroll={onScroll}
      >
        {rows.length === 0 ? (
          <p className="mp-empty">
            {trace.length === 0 ? 'Nothing has happened yet: press Play or Step to start the run.' : 'No event matches these filters.'}
          </p>
        ) : (
          <div role="presentation" className="mp-events-spacer" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((v) => {
              const row = rows[v.index]!;
              const selected = row.seq === selectedSeq;
              const isActive = v.index === activeIndex;
              return (
                // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles the keyboard (arrows, Enter)
                <div
                  key={row.seq}
                  id={optionId(row.seq)}
                  role="option"
                  tabIndex={-1}
                  aria-selected={selected}
                  aria-posinset={v.index + 1}
                  aria-setsize={rows.length}
                  className={`mp-ev mp-cat-${row.category} mp-tone-${row.tone}${selected ? ' mp-ev-selected' : ''}${isActive ? ' mp-ev-active' : ''}`}
                  style={{ height: rowHeight, transform: `translateY(${v.start}px)` }}
                  onClick={() => {
                    setFollowing(false);
                    choose(row);
                    scrollRef.current?.focus({ preventScroll: true });
                  }}
                >
                  <span className="mp-ev-time">{formatTime(row.t)}</span>
                  <span className="mp-ev-from" title={row.from}>
                    {row.from}
                  </span>
                  <span className="mp-ev-arrow" aria-hidden="true">
                    {row.to ? '→' : ''}
                  </span>
                  <span className="mp-ev-to" title={row.to}>
                    {row.to}
                  </span>
                  <span className="mp-ev-rest">
                    <span className="mp-ev-kind">{row.kind}</span>
                    <span className="mp-ev-summary" title={row.summary}>
                      {row.summary}
                    </span>
                  </span>
                </div>
              );
            })}
          </div>
        )}
      </div>
      {!following && rows.length > 0 ? (
        <button type="button" className="mp-events-latest" onClick={() => setFollowing(true)}>
          ↓ Follow the latest events
        </button>
      ) : null}
    </section>
  );
}
