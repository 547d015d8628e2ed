import { createContext, type ReactNode, useContext, useSyncExternalStore } from 'react';
import type { SimStore, SimView } from './sim-store';

const StoreContext = createContext<SimStore | null>(null);

export function SimProvider({ store, children }: { store: SimStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useSimStore(): SimStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useSimStore outside <SimProvider>');
  return store;
}

/** Reads part of the current view; re-renders when the selected value changes identity. */
export function useSim<T>(select: (view: SimView) => T): T {
  const store = useSimStore();
  return useSyncExternalStore(store.subscribe, () => select(store.getSnapshot()));
}
