import { type Dispatch, type SetStateAction, useCallback, useState } from 'react';
import type { SimStore } from './sim-store';
import { useSimStore } from './sim-context';

/**
 * Panel state that outlives the panel: the shell mounts one tab at a time, and a teacher who sets a filter,
 * half-writes a message or picks a view expects to find it again on coming back. Kept per store, so each
 * test (and each simulation) starts fresh. A memory that code outside the panel reads or sets too (the
 * console's session, the exercise in progress) is a panelMemory (panel-memory.ts) instead.
 */
const memory = new WeakMap<SimStore, Map<string, unknown>>();

export function useRemembered<T>(key: string, initial: T | (() => T)): [T, Dispatch<SetStateAction<T>>] {
  const store = useSimStore();
  let bag = memory.get(store);
  if (!bag) {
    bag = new Map();
    memory.set(store, bag);
  }
  const saved = bag;
  const [value, setValue] = useState<T>(() =>
    saved.has(key) ? (saved.get(key) as T) : typeof initial === 'function' ? (initial as () => T)() : initial,
  );
  const set = useCallback<Dispatch<SetStateAction<T>>>(
    (next) => {
      setValue((prev) => {
        const v = typeof next === 'function' ? (next as (p: T) => T)(prev) : next;
        saved.set(key, v);
        return v;
      });
    },
    [saved, key],
  );
  return [value, set];
}
