import { useEffect, useMemo } from 'react';
import { findScenario } from '../../scenarios';
import { type Exercise, findExercise } from '../../scenarios/exercises';
import { type CheckResult, checkGoal } from '../../world/exercise-check';
import type { Simulation } from '../../world/simulation';
import { aimConsole } from '../console/console-memory';
import { panelMemory, useMemory } from '../state/panel-memory';
import type { SimStore, SimView } from '../state/sim-store';
import { loadProgress, type Progress, saveProgress, withDone } from './progress';

export interface ExerciseMemory {
  /** The exercise being worked on, and the simulation it was started in. */
  readonly active?: { readonly id: string; readonly sim: Simulation };
  /** Question answers chosen, per exercise: question id -> option id. */
  readonly answers: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** How many hints are shown, per exercise. */
  readonly hints: Readonly<Record<string, number>>;
  readonly modelShown: Readonly<Record<string, boolean>>;
  readonly progress: Progress;
  /** Something to tell the learner once (corrupt saved progress, an unknown ?exercise=). */
  readonly notice?: string;
  /** Whether ?exercise= has been read for this store. */
  readonly urlRead: boolean;
  /** The learner chose an exercise: its title takes focus, so keyboard and screen reader users land there. */
  readonly focusTitle?: boolean;
}

export const exerciseMemory = panelMemory<ExerciseMemory>(() => {
  const loaded = loadProgress();
  return { answers: {}, hints: {}, modelShown: {}, progress: loaded.progress, ...(loaded.notice ? { notice: loaded.notice } : {}), urlRead: false };
});

const EXERCISE_PARAM = 'exercise';

/**
 * An exercise's own address. The shell shows one tab at a time and reads `tab=`, so the link names the
 * Exercises tab too: the panel that reads `exercise=` is then on screen to read it.
 */
export const exerciseHref = (id: string): string => `?${EXERCISE_PARAM}=${encodeURIComponent(id)}&tab=exercises`;

function setUrlExercise(id: string | undefined): void {
  if (typeof window === 'undefined') return;
  const url = new URL(window.location.href);
  if (id === undefined) url.searchParams.delete(EXERCISE_PARAM);
  else url.searchParams.set(EXERCISE_PARAM, id);
  window.history.replaceState(window.history.state, '', url);
}

/** Loads the exercise's scenario (without its scripted inputs when the exercise says so) and begins. */
export function startExercise(store: SimStore, exercise: Exercise, tab: 'console' | 'exercises' = 'exercises', focusTitle = false): boolean {
  const preset = findScenario(exercise.scenario);
  if (!preset) return false;
  store.loadScenario(exercise.consoleOnly ? { ...preset, title: `${preset.title} (console only)`, inputs: [] } : preset);
  exerciseMemory(store).set({ active: { id: exercise.id, sim: store.getSnapshot().sim }, focusTitle });
  if (exercise.target) aimConsole(store, exercise.target, tab === 'console');
  store.select({ tab });
  setUrlExercise(exercise.id);
  return true;
}

export function leaveExercise(store: SimStore): void {
  exerciseMemory(store).set({ active: undefined });
  setUrlExercise(undefined);
}

/** `?exercise=<id>` opens that exercise, once per page load (whichever of the two panels shows first). */
export function applyExerciseUrl(store: SimStore, search: string = typeof window === 'undefined' ? '' : window.location.search): void {
  const memory = exerciseMemory(store);
  if (memory.get().urlRead) return;
  memory.set({ urlRead: true });
  const id = new URLSearchParams(search).get(EXERCISE_PARAM);
  if (id === null) return;
  const exercise = findExercise(id);
  if (!exercise) {
    memory.set({ notice: `There is no exercise "${id.slice(0, 60)}". Pick one from the list.` });
    return;
  }
  startExercise(store, exercise);
}

export function chooseAnswer(store: SimStore, exerciseId: string, questionId: string, optionId: string): void {
  exerciseMemory(store).set((m) => ({ answers: { ...m.answers, [exerciseId]: { ...m.answers[exerciseId], [questionId]: optionId } } }));
}

export interface ActiveExercise {
  readonly exercise: Exercise;
  /** False when another scenario has been loaded since the exercise started. */
  readonly running: boolean;
  readonly result: CheckResult;
  readonly done: boolean;
}

/**
 * The active exercise judged against the world as it is now, and its completion recorded (in memory and
 * in localStorage) the moment every step holds. Used by both panels, so progress counts wherever the
 * learner happens to be.
 */
export function useActiveExercise(store: SimStore, view: SimView): ActiveExercise | undefined {
  const memory = exerciseMemory(store);
  const m = useMemory(memory);
  const exercise = m.active ? findExercise(m.active.id) : undefined;
  const running = m.active !== undefined && m.active.sim === view.sim;
  const answers = exercise ? m.answers[exercise.id] : undefined;
  const { trace, sim } = view;
  const result = useMemo<CheckResult | undefined>(() => {
    if (!exercise) return undefined;
    if (!running) return { done: false, steps: exercise.steps.map((s) => ({ label: s.label, done: false })) };
    return checkGoal(exercise.steps, { trace, mailboxes: sim.world.mailboxes(), answers: answers ?? {} });
  }, [exercise, running, trace, sim, answers]);
  const justDone = exercise !== undefined && result?.done === true && !m.progress.done[exercise.id];
  useEffect(() => {
    if (!justDone || !exercise) return;
    const progress = withDone(memory.get().progress, exercise.id, new Date().toISOString());
    memory.set({ progress });
    saveProgress(progress);
  }, [justDone, exercise, memory]);
  if (!exercise || !result) return undefined;
  return { exercise, running, result, done: result.done || m.progress.done[exercise.id] !== undefined };
}
