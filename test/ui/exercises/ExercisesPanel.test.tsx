// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exercises } from '../../../src/scenarios/exercises';
import { ConsolePanel } from '../../../src/ui/console/ConsolePanel';
import { ExercisesPanel } from '../../../src/ui/exercises/ExercisesPanel';
import { PROGRESS_KEY } from '../../../src/ui/exercises/progress';
import { renderWith, storeFor } from '../harness';

beforeEach(() => {
  localStorage.clear();
  window.history.replaceState(null, '', '/');
});
afterEach(cleanup);

/** Both panels side by side, as the shell shows them one tab at a time. */
function setup(search = '') {
  window.history.replaceState(null, '', `/${search}`);
  const store = storeFor('seed-basic', { toEnd: false });
  const view = renderWith(
    store,
    <>
      <ExercisesPanel />
      <ConsolePanel />
    </>,
  );
  return { store, view };
}

const exercisesPanel = () => screen.getByRole('region', { name: 'Exercises' });
const consoleInput = () => screen.getByRole('textbox', { name: /Line to send|Message line/ }) as HTMLInputElement;
function type(line: string): void {
  fireEvent.change(consoleInput(), { target: { value: line } });
  fireEvent.keyDown(consoleInput(), { key: 'Enter' });
}
const stepItem = (label: string) => screen.getByText(label).closest('li')!;

describe('ExercisesPanel', () => {
  it('lists every exercise, each with its own address', () => {
    setup();
    const links = within(exercisesPanel()).getAllByRole('link');
    expect(links.length).toBe(exercises.length);
    expect(links.length).toBeGreaterThanOrEqual(10);
    expect(links[0]!.getAttribute('href')).toBe(`?exercise=${exercises[0]!.id}&tab=exercises`);
    expect(within(exercisesPanel()).getByText(`0 of ${exercises.length} done`)).toBeTruthy();
  });

  it('starts an exercise: its scenario without the scripted story, its URL, its title focused', () => {
    const { store } = setup();
    fireEvent.click(screen.getByRole('link', { name: /Recover from 503 bad sequence/ }));
    const view = store.getSnapshot();
    expect(view.scenario.id).toBe('seed-basic');
    expect(view.scenario.inputs).toEqual([]);
    expect(view.tab).toBe('exercises');
    expect(new URL(window.location.href).searchParams.get('exercise')).toBe('recover-503');
    expect(document.activeElement?.textContent).toMatch(/Recover from 503 bad sequence/);
    expect(screen.getByText('Meet 503 "bad sequence of commands"')).toBeTruthy();
  });

  it('opens the exercise named in ?exercise=, and says so when there is no such exercise', () => {
    const { store } = setup('?exercise=two-recipients');
    expect(store.getSnapshot().scenario.inputs).toEqual([]);
    expect(screen.getByRole('heading', { name: 'Two recipients, one of them unknown' })).toBeTruthy();
    cleanup();
    setup('?exercise=nope');
    expect(screen.getByText(/There is no exercise "nope"/)).toBeTruthy();
  });

  it('notices the 503, then the recovery, marks the exercise done and keeps it after a reload', () => {
    setup('?exercise=recover-503');
    fireEvent.click(screen.getByRole('button', { name: 'Open the console' }));
    expect(screen.getByText('gandalf$ telnet mailserver.mydomain.com 25', { selector: '.mp-con-command code' })).toBeTruthy();
    // Keyboard users land on the next thing to do.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Connect' }));
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    type('HELO gandalf');
    type('RCPT TO:<pleclercq@mydomain.com>');
    expect(stepItem('Meet 503 "bad sequence of commands"').className).toMatch(/done/);
    expect(within(stepItem('Recover: in the same session, get a message accepted')).getByText(/You met 503/)).toBeTruthy();
    expect(screen.getByText(/1 of 2 steps\. Next: Recover/)).toBeTruthy();
    for (const line of ['MAIL FROM:<plc@gandalf>', 'RCPT TO:<pleclercq@mydomain.com>', 'DATA', 'Back on track.', '.']) type(line);
    expect(screen.getByText(/Well done: every step holds/)).toBeTruthy();
    expect(screen.getByText('Done ✓ every step holds.')).toBeTruthy();
    expect(JSON.parse(localStorage.getItem(PROGRESS_KEY)!).done['recover-503']).toMatch(/^\d{4}-/);
    // A reload: a new store, the same browser storage.
    cleanup();
    setup();
    expect(within(exercisesPanel()).getByText(`1 of ${exercises.length} done`)).toBeTruthy();
    expect(screen.getByRole('link', { name: /Recover from 503 bad sequence, done/ })).toBeTruthy();
  });

  it('ignores corrupt saved progress with a notice, and saves afresh', () => {
    localStorage.setItem(PROGRESS_KEY, '{"version":1,"done":');
    setup('?exercise=relay-denied');
    expect(screen.getByText(/could not be read, so it starts afresh/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(/could not be read/)).toBeNull();
  });

  it('checks a multiple-choice answer, with the lesson once it is right', () => {
    setup('?exercise=relay-denied');
    fireEvent.click(screen.getByRole('radio', { name: /The mailbox does not exist/ }));
    expect(screen.getByText(/Not this one/)).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: /It is the MX of mydomain\.com only/ }));
    expect(screen.getByText(/Right\. An MX takes mail for its own domains/)).toBeTruthy();
    expect(stepItem('Say why it happened').className).toMatch(/done/);
    expect(stepItem('Meet 554 5.7.1 Relay access denied at RCPT TO').className).not.toMatch(/done/);
  });

  it('gives hints one at a time and the model answer on request', () => {
    setup('?exercise=dot-stuffing');
    fireEvent.click(screen.getByRole('button', { name: 'Show a hint (1 of 3)' }));
    expect(screen.getByText(/removes one leading dot/)).toBeTruthy();
    expect(screen.queryByText(/So to deliver/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Another hint (2 of 3)' }));
    expect(screen.getByText(/So to deliver/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show the model answer' }));
    const model = document.querySelector('.mp-ex-model-lines')!;
    expect(model.textContent).toMatch(/^gandalf\$ telnet mailserver\.mydomain\.com 25\nHELO gandalf\n/);
    expect(model.textContent).toMatch(/\n\.\.\n/);
  });

  it('shows what the recipient\'s client shows, for the display-name exercise', () => {
    setup('?exercise=spoof-display-name');
    fireEvent.click(screen.getByRole('button', { name: 'Open the console' }));
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    for (const line of ['EHLO learner-pc', 'MAIL FROM:<mallory@evil.example>', 'RCPT TO:<bob@recipient.example>', 'DATA', 'From: Alice Martin <mallory@evil.example>', 'Subject: Lunch', '', 'hi', '.']) type(line);
    const aid = document.querySelector('.mp-ex-client')!;
    expect(aid.textContent).toMatch(/^Alice MartinLunch/);
    expect(stepItem("Bob receives a message whose From: shows Alice's name with another address").className).toMatch(/done/);
  });

  it('says when another scenario replaced the exercise\'s, and starts it again', () => {
    const { store } = setup('?exercise=minimal-message');
    act(() => {
      store.load('two-providers');
    });
    expect(screen.getByText(/The scenario has been changed since this exercise started/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Start this exercise' }));
    expect(store.getSnapshot().scenario.id).toBe('seed-basic');
    expect(screen.queryByText(/The scenario has been changed since this exercise started/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '← All exercises' }));
    expect(new URL(window.location.href).searchParams.get('exercise')).toBeNull();
  });
});
