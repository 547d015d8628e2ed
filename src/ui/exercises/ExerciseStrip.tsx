import { useSim, useSimStore } from '../state/sim-context';
import { useActiveExercise } from './exercise-memory';

/** The active exercise in one line at the top of the console: its next step, and its progress. */
export function ExerciseStrip() {
  const store = useSimStore();
  const view = useSim((v) => v);
  const active = useActiveExercise(store, view);
  if (!active?.running) return null;
  const { exercise, result } = active;
  const doneCount = result.steps.filter((s) => s.done).length;
  const next = result.steps.find((s) => !s.done);
  return (
    <div className={result.done ? 'mp-ex-strip mp-ex-strip-done' : 'mp-ex-strip'}>
      <span className="mp-ex-strip-title">
        Exercise: <strong>{exercise.title}</strong>
      </span>
      <span className="mp-ex-strip-progress" role="status">
        {result.done ? 'Done ✓ every step holds.' : `${doneCount} of ${result.steps.length} steps. Next: ${next?.label ?? ''}`}
      </span>
      <button type="button" onClick={() => store.select({ tab: 'exercises' })}>
        Task and hints
      </button>
    </div>
  );
}
