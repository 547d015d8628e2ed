import { useSyncExternalStore } from 'react';
import type { SimStore } from './sim-store';

/**
 * A panel's memory that outlives the panel: the shell may unmount a tab's panel when another tab is
 * chosen, and the console must still know its connection and history when it comes back. One memory per
 * SimStore (so tests with fresh stores never share one), replaced as a whole on every change so that
 * useSyncExternalStore sees a new snapshot.
 */
export interface PanelMemory<T> {
  get(): T;
  set(patch: Partial<T> | ((current: T) => Partial<T>)): void;
  subscribe(fn: () => void): () => void;
}

export function panelMemory<T extends object>(initial: () => T): (store: SimStore) => PanelMemory<T> {
  const byStore = new WeakMap<SimStore, PanelMemory<T>>();
  return (store) => {
    let memory = byStore.get(store);
    if (!memory) {
      let value = initial();
      const listeners = new Set<() => void>();
      memory = {
        get: () => value,
        set: (patch) => {
          value = { ...value, ...(typeof patch === 'function' ? patch(value) : patch) };
          for (const fn of listeners) fn();
        },
        subscribe: (fn) => {
          listeners.add(fn);
          return () => listeners.delete(fn);
        },
      };
      byStore.set(store, memory);
    }
    return memory;
  };
}

/** Reads a panel memory; re-renders when it changes. */
export function useMemory<T>(memory: PanelMemory<T>): T {
  return useSyncExternalStore(memory.subscribe, memory.get);
}
