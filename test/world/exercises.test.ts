import { describe, expect, it } from 'vitest';
import { findScenario } from '../../src/scenarios';
import { type Exercise, exercises, findExercise } from '../../src/scenarios/exercises';
import { checkGoal } from '../../src/world/exercise-check';
import { Simulation } from '../../src/world/simulation';
import { preset, quiet, typeAtConsole } from '../helpers';

/** What a learner does: perhaps let the story play, type lines into one console, choose answers. */
interface Attempt {
  readonly play?: boolean;
  readonly lines?: readonly string[];
  readonly answers?: Readonly<Record<string, string>>;
  readonly from?: string;
}

/** Types an attempt through a Simulation, exactly as the console does (store.apply then settle). */
function run(exercise: Exercise, attempt: Attempt) {
  const sim = new Simulation(exercise.consoleOnly ? quiet(exercise.scenario) : preset(exercise.scenario));
  if (attempt.play) sim.world.runUntilIdle({ untilMs: 600_000 });
  if (attempt.lines) {
    const target = exercise.target!;
    typeAtConsole(sim, { from: attempt.from ?? target.from, to: target.host, port: target.port }, attempt.lines);
  }
  // Whatever was accepted travels on: relays, bounces, deliveries.
  sim.world.runUntilIdle({ untilMs: sim.world.now + 600_000 });
  const result = checkGoal(exercise.steps, { trace: sim.trace, mailboxes: sim.world.mailboxes(), answers: attempt.answers ?? {} });
  sim.world.stop();
  return result;
}

const model = (e: Exercise): Attempt => ({
  ...(e.model.play ? { play: true } : {}),
  ...(e.model.lines ? { lines: e.model.lines } : {}),
  ...(e.model.answers ? { answers: e.model.answers } : {}),
});

/** For each exercise, a plausible wrong attempt, and the steps it must leave undone. */
const WRONG: Record<string, { attempt: Attempt; undone: number[] }> = {
  'minimal-message': {
    attempt: { lines: ['HELO gandalf', 'MAIL FROM:<plc@gandalf>', 'RCPT TO:<pleclercq@mydomain.com>', 'DATA', 'Forgot the dot.', 'QUIT'] },
    undone: [0, 1],
  },
  headers: { attempt: { lines: ['HELO gandalf', 'MAIL FROM:<plc@gandalf>', 'RCPT TO:<pleclercq@mydomain.com>', 'DATA', 'Subject: only this', '', 'text', '.', 'QUIT'] }, undone: [1] },
  'recover-503': { attempt: { lines: ['HELO gandalf', 'RCPT TO:<pleclercq@mydomain.com>', 'QUIT'] }, undone: [1] },
  'dot-stuffing': {
    attempt: { lines: ['HELO gandalf', 'MAIL FROM:<plc@gandalf>', 'RCPT TO:<pleclercq@mydomain.com>', 'DATA', 'The next line is a single dot:', '.', 'and the message goes on after it.', '.', 'QUIT'] },
    undone: [1],
  },
  'auth-plain': {
    attempt: {
      lines: ['EHLO learner-pc', `AUTH PLAIN ${btoa('\0alice@sender.example\0rabbit')}`, 'MAIL FROM:<alice@sender.example>', 'RCPT TO:<bob@recipient.example>', 'QUIT'],
    },
    undone: [0, 1, 2],
  },
  'relay-denied': {
    attempt: { lines: ['EHLO gandalf', 'MAIL FROM:<plc@gandalf>', 'RCPT TO:<victim@elsewhere.example>', 'QUIT'], answers: { why: 'unknown-user' } },
    undone: [1],
  },
  'two-recipients': {
    attempt: { lines: ['HELO gandalf', 'MAIL FROM:<plc@gandalf>', 'RCPT TO:<nobody@mydomain.com>', 'DATA', 'QUIT'] },
    undone: [0, 1],
  },
  bounce: {
    attempt: {
      lines: ['EHLO learner-pc', `AUTH PLAIN ${btoa('\0alice@sender.example\0wonderland')}`, 'MAIL FROM:<alice@sender.example>', 'RCPT TO:<bob@recipient.example>', 'DATA', 'Hi', '.', 'QUIT'],
      answers: { reporter: 'mx.recipient.example', status: '5.1.1' },
    },
    undone: [0, 1],
  },
  'received-headers': {
    attempt: {
      play: true,
      answers: { 'received-1': 'smtp.sender.example', 'received-2': 'mta.sender.example', 'received-3': 'mx.recipient.example', 'received-4': 'alice-laptop' },
    },
    undone: [1, 2, 3, 4],
  },
  'spoof-display-name': {
    attempt: {
      lines: ['EHLO learner-pc', 'MAIL FROM:<mallory@evil.example>', 'RCPT TO:<bob@recipient.example>', 'DATA', 'From: mallory@evil.example', 'Subject: hi', '', 'hello', '.', 'QUIT'],
      answers: { sees: 'envelope', truth: 'trace' },
    },
    undone: [0, 1],
  },
  lmtp: { attempt: { lines: ['HELO gandalf', 'MAIL FROM:<plc@gandalf>', 'QUIT'] }, undone: [0, 1] },
};

describe('exercises', () => {
  it('there are at least ten, with unique ids, real scenarios and answerable questions', () => {
    expect(exercises.length).toBeGreaterThanOrEqual(10);
    expect(new Set(exercises.map((e) => e.id)).size).toBe(exercises.length);
    for (const e of exercises) {
      expect(findScenario(e.scenario), e.id).toBeDefined();
      expect(e.hints.length, e.id).toBeGreaterThan(0);
      expect(e.lesson, e.id).not.toBe('');
      for (const step of e.steps) {
        if (step.when.kind !== 'answer') continue;
        const { question, correct } = step.when;
        const q = e.questions?.find((x) => x.id === question);
        expect(q, `${e.id}: question ${question}`).toBeDefined();
        expect(q!.options.map((o) => o.id), `${e.id}: ${question}`).toContain(correct);
      }
      if (e.target) {
        const scenario = findScenario(e.scenario)!;
        expect(scenario.hosts.some((h) => h.name === e.target!.host), e.id).toBe(true);
      }
    }
    expect(findExercise('recover-503')?.title).toMatch(/503/);
  });

  it('every exercise has a wrong attempt in this test', () => {
    expect(Object.keys(WRONG).sort()).toEqual(exercises.map((e) => e.id).sort());
  });

  for (const exercise of exercises) {
    describe(exercise.id, () => {
      it('its model answer, typed through a Simulation, passes the check', () => {
        const result = run(exercise, model(exercise));
        expect(result.steps.filter((s) => !s.done)).toEqual([]);
        expect(result.done).toBe(true);
      });

      it('a wrong attempt does not', () => {
        const wrong = WRONG[exercise.id]!;
        const result = run(exercise, wrong.attempt);
        expect(result.done).toBe(false);
        const undone = result.steps.flatMap((s, i) => (s.done ? [] : [i]));
        expect(undone).toEqual(wrong.undone);
      });
    });
  }
});
