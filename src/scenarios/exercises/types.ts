import type { GoalStep } from '../../world/exercise-check';

/** A multiple-choice question whose answer the checker verifies (a goal step of kind 'answer' names it). */
export interface Question {
  readonly id: string;
  readonly prompt: string;
  readonly options: readonly { readonly id: string; readonly label: string }[];
  /** Shown once the right option is chosen: the lesson of the question. */
  readonly explanation: string;
}

/** Where the console should connect for this exercise: `telnet host port`, from the machine `from`. */
export interface ExerciseTarget {
  readonly host: string;
  readonly port: number;
  readonly from: string;
}

/** A message the exercise shows beside the goal, as the recipient would read it. */
export interface ExerciseShow {
  readonly mailbox: string;
  /** received: the Received chain; dsn: the delivery report; client: what a graphical client lists. */
  readonly view: 'received' | 'dsn' | 'client';
}

/** What the model answer does: play the scenario, type these lines, choose these answers. */
export interface ModelAnswer {
  /** Let the scenario's own story run first (press Play). */
  readonly play?: boolean;
  readonly lines?: readonly string[];
  /** Question id -> option id. */
  readonly answers?: Readonly<Record<string, string>>;
  /** Why it works, in a sentence or two. */
  readonly note: string;
}

export interface Exercise {
  readonly id: string;
  readonly title: string;
  /** The preset the exercise runs in. */
  readonly scenario: string;
  /** Drop the preset's own inputs (its scripted telnet, its composed message), so only the learner acts. */
  readonly consoleOnly: boolean;
  readonly target?: ExerciseTarget;
  /** What to do, in a short paragraph. */
  readonly task: string;
  readonly steps: readonly GoalStep[];
  readonly questions?: readonly Question[];
  /** From gentle to nearly the answer. */
  readonly hints: readonly string[];
  /** What to remember, shown once every step holds. */
  readonly lesson: string;
  readonly model: ModelAnswer;
  readonly show?: ExerciseShow;
}
