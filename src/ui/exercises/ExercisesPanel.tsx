import { useEffect, useId, useRef } from 'react';
import { findScenario } from '../../scenarios';
import { type Exercise, exercises, type Question } from '../../scenarios/exercises';
import type { StepResult } from '../../world/exercise-check';
import { aimConsole } from '../console/console-memory';
import { useMemory } from '../state/panel-memory';
import { useSim, useSimStore } from '../state/sim-context';
import type { SimStore } from '../state/sim-store';
import {
  type ActiveExercise,
  applyExerciseUrl,
  chooseAnswer,
  exerciseHref,
  exerciseMemory,
  leaveExercise,
  startExercise,
  useActiveExercise,
} from './exercise-memory';
import { MessageAid } from './MessageAid';
import './exercises.css';

/**
 * Exercises: goals checked against the trace and the mailboxes, with hints and a model answer on request.
 * Each has its own URL (?exercise=<id>), and progress is kept in this browser.
 */
export function ExercisesPanel() {
  const store = useSimStore();
  const view = useSim((v) => v);
  const memory = exerciseMemory(store);
  const m = useMemory(memory);
  const active = useActiveExercise(store, view);
  const ids = useId();

  useEffect(() => applyExerciseUrl(store), [store]);

  const doneCount = exercises.filter((e) => m.progress.done[e.id]).length;
  return (
    <section className="mp-panel mp-page mp-ex" aria-labelledby={`${ids}-title`}>
      <header className="mp-ex-head">
        <h2 id={`${ids}-title`}>Exercises</h2>
        <span className="mp-ex-count">
          {doneCount} of {exercises.length} done
        </span>
      </header>
      {m.notice && (
        <p className="mp-ex-notice" role="status">
          {m.notice}{' '}
          <button type="button" onClick={() => memory.set({ notice: undefined })}>
            Dismiss
          </button>
        </p>
      )}
      <div className="mp-ex-body">
        {active ? <ExerciseDetail store={store} active={active} /> : <ExerciseList store={store} done={m.progress.done} />}
      </div>
    </section>
  );
}

function ExerciseList({ store, done }: { store: SimStore; done: Readonly<Record<string, string>> }) {
  return (
    <nav aria-label="All exercises">
      <p className="mp-ex-intro">Practise SMTP by hand at the console. Each exercise loads its scenario; its goal is checked against what really happens.</p>
      <ol className="mp-ex-list">
        {exercises.map((e) => (
          <li key={e.id}>
            <a
              href={exerciseHref(e.id)}
              aria-label={`${e.title}${done[e.id] ? ', done' : ''}. ${findScenario(e.scenario)?.title ?? e.scenario}`}
              onClick={(ev) => {
                ev.preventDefault();
                startExercise(store, e, 'exercises', true);
              }}
            >
              <span className={done[e.id] ? 'mp-ex-mark mp-ex-mark-done' : 'mp-ex-mark'} aria-hidden="true">
                {done[e.id] ? '✓' : '○'}
              </span>
              <span className="mp-ex-list-title">{e.title}</span>
              <span className="mp-ex-list-scenario">{findScenario(e.scenario)?.title ?? e.scenario}</span>
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

function ExerciseDetail({ store, active }: { store: SimStore; active: ActiveExercise }) {
  const view = useSim((v) => v);
  const memory = exerciseMemory(store);
  const m = useMemory(memory);
  const ids = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { exercise, running, result } = active;
  const hints = m.hints[exercise.id] ?? 0;
  const modelShown = m.modelShown[exercise.id] === true;
  const answers = m.answers[exercise.id] ?? {};
  const completedAt = m.progress.done[exercise.id];
  const scenario = findScenario(exercise.scenario);
  const index = exercises.indexOf(exercise);
  const next = exercises[index + 1];

  // A chosen exercise brings keyboard and screen reader users to its title.
  useEffect(() => {
    if (!m.focusTitle) return;
    memory.set({ focusTitle: false });
    headingRef.current?.focus();
  }, [m.focusTitle, memory]);

  const openConsole = () => {
    if (exercise.target) aimConsole(store, exercise.target);
    store.select({ tab: 'console' });
  };

  const stepOf = (questionId: string): StepResult | undefined => {
    const i = exercise.steps.findIndex((s) => s.when.kind === 'answer' && s.when.question === questionId);
    return i < 0 ? undefined : result.steps[i];
  };

  return (
    <article className="mp-ex-detail" aria-labelledby={`${ids}-h`}>
      <button type="button" className="mp-ex-back" onClick={() => leaveExercise(store)}>
        ← All exercises
      </button>
      <h3 id={`${ids}-h`} ref={headingRef} tabIndex={-1}>
        {exercise.title}
        {completedAt && <span className="mp-ex-badge">✓ Done</span>}
      </h3>
      <p className="mp-ex-scenario">
        Scenario: {scenario?.title ?? exercise.scenario}
        {exercise.consoleOnly ? ', console only (its own story does not run)' : ''}
      </p>
      {!running ? (
        <p className="mp-ex-paused">
          The scenario has been changed since this exercise started.{' '}
          <button type="button" className="mp-page-primary" onClick={() => startExercise(store, exercise, 'exercises', true)}>
            Start this exercise
          </button>
        </p>
      ) : null}
      <p className="mp-ex-task">{exercise.task}</p>
      {exercise.target && (
        <p className="mp-ex-target">
          <button type="button" className="mp-page-primary" onClick={openConsole} disabled={!running}>
            Open the console
          </button>{' '}
          <code>
            {exercise.target.from}$ telnet {exercise.target.host} {exercise.target.port}
          </code>
        </p>
      )}
      <h4>Goal</h4>
      <ul className="mp-ex-steps">
        {result.steps.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: steps are fixed for an exercise
          <li key={i} className={s.done ? 'mp-ex-step mp-ex-step-done' : 'mp-ex-step'}>
            <span className="mp-ex-mark" aria-hidden="true">
              {s.done ? '✓' : '○'}
            </span>
            <span>
              {s.label}
              <span className="mp-sr-only">{s.done ? ': done' : ': not yet'}</span>
              {s.note && exercise.steps[i]?.when.kind !== 'answer' && <span className="mp-ex-note">{s.note}</span>}
            </span>
          </li>
        ))}
      </ul>
      <p className="mp-sr-only" role="status">
        {result.done ? `Exercise complete: ${exercise.title}.` : `${result.steps.filter((s) => s.done).length} of ${result.steps.length} steps done.`}
      </p>
      {result.done && (
        <div className="mp-ex-complete">
          <strong>Well done: every step holds.</strong> {exercise.lesson}{' '}
          {next && (
            <button type="button" className="mp-page-primary" onClick={() => startExercise(store, next, 'exercises', true)}>
              Next: {next.title}
            </button>
          )}
        </div>
      )}
      {exercise.show && running && <MessageAid show={exercise.show} view={view} />}
      {exercise.questions?.map((q) => (
        <QuestionBox
          key={q.id}
          question={q}
          chosen={answers[q.id]}
          step={stepOf(q.id)}
          disabled={!running}
          onChoose={(option) => chooseAnswer(store, exercise.id, q.id, option)}
        />
      ))}
      <Hints exercise={exercise} shown={hints} onMore={() => memory.set((x) => ({ hints: { ...x.hints, [exercise.id]: hints + 1 } }))} />
      <div className="mp-ex-model">
        <button type="button" aria-expanded={modelShown} onClick={() => memory.set((x) => ({ modelShown: { ...x.modelShown, [exercise.id]: !modelShown } }))}>
          {modelShown ? 'Hide the model answer' : 'Show the model answer'}
        </button>
        {modelShown && <ModelAnswerView exercise={exercise} />}
      </div>
    </article>
  );
}

function QuestionBox({
  question,
  chosen,
  step,
  disabled,
  onChoose,
}: {
  question: Question;
  chosen: string | undefined;
  step: StepResult | undefined;
  disabled: boolean;
  onChoose: (option: string) => void;
}) {
  const name = useId();
  const right = step?.done === true;
  return (
    <fieldset className="mp-ex-question" disabled={disabled}>
      <legend>{question.prompt}</legend>
      {question.options.map((o) => (
        <label key={o.id} className="mp-ex-option">
          <input type="radio" name={name} value={o.id} checked={chosen === o.id} onChange={() => onChoose(o.id)} />
          <span>{o.label}</span>
        </label>
      ))}
      <p className="mp-ex-feedback" role="status">
        {chosen === undefined ? '' : right ? `Right. ${question.explanation}` : 'Not this one. Look again, or take a hint.'}
      </p>
    </fieldset>
  );
}

function Hints({ exercise, shown, onMore }: { exercise: Exercise; shown: number; onMore: () => void }) {
  return (
    <div className="mp-ex-hints">
      {shown > 0 && (
        <ol>
          {exercise.hints.slice(0, shown).map((h) => (
            <li key={h}>{h}</li>
          ))}
        </ol>
      )}
      {shown < exercise.hints.length && (
        <button type="button" onClick={onMore}>
          {shown === 0 ? 'Show a hint' : 'Another hint'} ({shown + 1} of {exercise.hints.length})
        </button>
      )}
    </div>
  );
}

function ModelAnswerView({ exercise }: { exercise: Exercise }) {
  const { model, questions } = exercise;
  return (
    <div className="mp-ex-model-body">
      {model.play && <p>Press Play and let the scenario run until the message is delivered.</p>}
      {model.lines && exercise.target && (
        <pre className="mp-ex-model-lines">
          {`${exercise.target.from}$ telnet ${exercise.target.host} ${exercise.target.port}\n`}
          {model.lines.map((l) => (l === '' ? '(empty line)' : l)).join('\n')}
        </pre>
      )}
      {model.answers && (
        <ul>
          {Object.entries(model.answers).map(([q, a]) => {
            const question = questions?.find((x) => x.id === q);
            return (
              <li key={q}>
                {question?.prompt ?? q} <strong>{question?.options.find((o) => o.id === a)?.label ?? a}</strong>
              </li>
            );
          })}
        </ul>
      )}
      <p>{model.note}</p>
    </div>
  );
}
