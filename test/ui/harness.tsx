import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { findScenario } from '../../src/scenarios';
import { SimProvider } from '../../src/ui/state/sim-context';
import { SimStore } from '../../src/ui/state/sim-store';

/**
 * Shared by the UI's component tests (the panels, the console, the exercises, the graph): a real store on a
 * preset, and a render inside its provider.
 */
export function storeFor(id: string, { toEnd = true } = {}): SimStore {
  const scenario = findScenario(id);
  if (!scenario) throw new Error(`no scenario ${id}`);
  const store = new SimStore(scenario);
  if (toEnd) store.seekTime(store.getSnapshot().horizon.time);
  return store;
}

/** Plays a store to the end of everything scheduled, without the animation loop. */
export function runToEnd(store: SimStore): void {
  store.pause();
  store.seekTime(store.getSnapshot().horizon.time);
}

export function renderWith(store: SimStore, ui: ReactElement) {
  return render(<SimProvider store={store}>{ui}</SimProvider>);
}

/**
 * jsdom lays nothing out: give elements a size so the virtualiser has a window to fill, and let scrollTo
 * move scrollTop (and say so with a scroll event) as a browser would.
 */
export function fakeLayout(height = 600, width = 900): () => void {
  const proto = HTMLElement.prototype as unknown as Record<string, unknown>;
  const keys = ['clientHeight', 'clientWidth', 'scrollHeight', 'scrollTop', 'scrollTo'] as const;
  const saved = Object.fromEntries(keys.map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)]));
  const offsets = new WeakMap<object, number>();
  Object.defineProperty(proto, 'clientHeight', { configurable: true, get: () => height });
  Object.defineProperty(proto, 'clientWidth', { configurable: true, get: () => width });
  // Content height: a virtual list's spacer says it in its inline style.
  Object.defineProperty(proto, 'scrollHeight', {
    configurable: true,
    get(this: HTMLElement) {
      const inner = Number.parseFloat((this.firstElementChild as HTMLElement | null)?.style.height ?? '');
      return Number.isFinite(inner) ? Math.max(inner, height) : height;
    },
  });
  Object.defineProperty(proto, 'scrollTop', {
    configurable: true,
    get(this: object) {
      return offsets.get(this) ?? 0;
    },
    set(this: object, v: number) {
      offsets.set(this, v);
    },
  });
  Object.defineProperty(proto, 'scrollTo', {
    configurable: true,
    writable: true,
    value(this: HTMLElement, opts: ScrollToOptions | number, y?: number) {
      this.scrollTop = typeof opts === 'number' ? (y ?? 0) : (opts.top ?? this.scrollTop);
      this.dispatchEvent(new Event('scroll'));
    },
  });
  return () => {
    for (const key of keys) {
      const d = saved[key];
      if (d) Object.defineProperty(proto, key, d);
      else delete proto[key];
    }
  };
}
