import { useSyncExternalStore } from 'react';
import { useSim } from '../state/sim-context';
import { cachedGraphStatus, type GraphStatus } from './status';

/** The graph's status at the current point of the run; recomputed only when the trace grows. */
export function useGraphStatus(): GraphStatus {
  const scenario = useSim((v) => v.scenario);
  const trace = useSim((v) => v.trace);
  return cachedGraphStatus(scenario, trace);
}

const query = '(prefers-reduced-motion: reduce)';

function subscribeMotion(fn: () => void): () => void {
  if (typeof window === 'undefined' || !window.matchMedia) return () => {};
  const mq = window.matchMedia(query);
  mq.addEventListener('change', fn);
  return () => mq.removeEventListener('change', fn);
}

/** True when the person asked the system for less motion: tokens then fade in at their endpoints. */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(
    subscribeMotion,
    () => typeof window !== 'undefined' && !!window.matchMedia && window.matchMedia(query).matches,
    () => false,
  );
}
