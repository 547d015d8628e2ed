import { useEffect } from 'react';
import { type SimStore, type SimView, shortestFlightAt } from '../state/sim-store';

export type PlaybackAction = 'toggle' | 'step' | 'back';

interface KeyLike {
  readonly key: string;
  readonly target: EventTarget | null;
  readonly defaultPrevented: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
}

/** Where typing happens: no shortcut fires there. */
const TEXT_ENTRY = 'input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="textbox"], [role="combobox"], [role="slider"]';
/** Widgets that use the arrow keys themselves (tabs, lists, grids, menus). */
const ARROW_WIDGETS = '[role="tab"], [role="tablist"], [role="listbox"], [role="option"], [role="grid"], [role="gridcell"], [role="menu"], [role="menuitem"], [role="tree"], [role="radiogroup"], [data-own-keys]';
/** Widgets that the space bar activates (buttons, links, checkboxes). */
const SPACE_WIDGETS = 'button, a[href], summary, [role="button"], [role="checkbox"], [role="switch"], [role="tab"], [role="option"]';

const closest = (target: EventTarget | null, selector: string): boolean => {
  const el = target as { closest?: (s: string) => unknown } | null;
  return !!el && typeof el.closest === 'function' && !!el.closest(selector);
};

/**
 * Which playback action a key press asks for, or undefined. Space plays and pauses, the arrows step; none
 * of them fires while the person types in a field or drives a widget that owns those keys.
 */
export function shortcutFor(e: KeyLike): PlaybackAction | undefined {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return undefined;
  if (closest(e.target, TEXT_ENTRY)) return undefined;
  if (e.key === ' ' || e.key === 'Spacebar') return closest(e.target, SPACE_WIDGETS) ? undefined : 'toggle';
  if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
    if (closest(e.target, ARROW_WIDGETS)) return undefined;
    return e.key === 'ArrowRight' ? 'step' : 'back';
  }
  return undefined;
}

/** At the very end: nothing scheduled and nothing still on the wire. */
export function atEnd(view: SimView): boolean {
  return view.finished && shortestFlightAt(view.trace, view.now) === undefined;
}

/** Pause, play from here, or play again from the start when the run is over. */
export function playOrPause(store: SimStore): void {
  const view = store.getSnapshot();
  if (view.playing) store.pause();
  else if (atEnd(view) && view.trace.length > 0) {
    store.restart();
    store.play();
  } else store.play();
}

export function runShortcut(store: SimStore, action: PlaybackAction): void {
  if (action === 'toggle') playOrPause(store);
  else if (action === 'step') {
    if (!atEnd(store.getSnapshot())) store.step();
  } else store.stepBack();
}

/** Installs the playback shortcuts on the window for as long as the component is mounted. */
export function usePlaybackShortcuts(store: SimStore): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutFor(e);
      if (!action) return;
      e.preventDefault();
      runShortcut(store, action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
