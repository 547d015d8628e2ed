// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SEED_SESSION } from '../../../src/scenarios/exercises';
import { ConsolePanel } from '../../../src/ui/console/ConsolePanel';
import { SimStore } from '../../../src/ui/state/sim-store';
import { preset, quiet } from '../../helpers';
import { renderWith } from '../harness';

afterEach(cleanup);

function setup(scenarioId = 'seed-basic', consoleOnly = true) {
  const store = new SimStore(consoleOnly ? quiet(scenarioId) : preset(scenarioId));
  const view = renderWith(store, <ConsolePanel />);
  return { store, view };
}

const input = () => screen.getByRole('textbox', { name: /Line to send|Message line/ }) as HTMLInputElement;
const log = () => screen.getByRole('log');
const live = () => document.querySelector('[aria-live="polite"][aria-atomic="true"]') as HTMLElement;

function type(line: string): void {
  fireEvent.change(input(), { target: { value: line } });
  fireEvent.keyDown(input(), { key: 'Enter' });
}

function connect(): void {
  fireEvent.click(screen.getByRole('button', { name: /^(Connect|Reconnect)$/ }));
}

const mailCount = (store: SimStore, address: string) => store.getSnapshot().sim.world.mailbox(address)?.messages.length ?? 0;

describe('ConsolePanel', () => {
  it('connects as telnet does, from gandalf, and shows the greeting', () => {
    setup();
    expect(screen.getByText('gandalf$ telnet mailserver.mydomain.com 25', { selector: 'code' })).toBeTruthy();
    connect();
    expect(within(log()).getByText('Trying 192.168.1.20...')).toBeTruthy();
    expect(within(log()).getByText('Connected to mailserver.mydomain.com.')).toBeTruthy();
    expect(within(log()).getByText(/mailserver\.mydomain\.com ESMTP/)).toBeTruthy();
    expect(screen.getByText(/^Server state: greeting/)).toBeTruthy();
    expect(document.activeElement).toBe(input());
  });

  it('types the seed article\'s session into the MX and the message reaches pleclercq', () => {
    const { store } = setup();
    connect();
    for (const line of SEED_SESSION) type(line);
    expect(mailCount(store, 'pleclercq@mydomain.com')).toBe(1);
    expect(within(log()).getByText(/Ok: queued as/)).toBeTruthy();
    expect(within(log()).getByText('Connection closed by foreign host.')).toBeTruthy();
    expect(input().disabled).toBe(true);
    // Every typed line is a trace event of a console connection: the graph and the event list show it.
    const typed = store.getSnapshot().trace.filter((e) => e.kind === 'line' && e.direction === 'c2s' && e.from === 'gandalf').map((e) => (e.kind === 'line' ? e.text : ''));
    expect(typed).toEqual([...SEED_SESSION]);
    expect(store.getSnapshot().trace.some((e) => e.kind === 'connect' && e.client === 'console')).toBe(true);
  });

  it('still works after the scenario\'s own scripted session has played', () => {
    const { store } = setup('seed-basic', false);
    act(() => store.seekTime(store.getSnapshot().horizon.time));
    expect(mailCount(store, 'pleclercq@mydomain.com')).toBe(1);
    connect();
    for (const line of SEED_SESSION) type(line);
    expect(mailCount(store, 'pleclercq@mydomain.com')).toBe(2);
  });

  it('offers a console-only start when the scenario has its own story', () => {
    const { store } = setup('seed-basic', false);
    fireEvent.click(screen.getByRole('button', { name: 'Restart console only' }));
    expect(store.getSnapshot().scenario.inputs).toEqual([]);
    expect(screen.queryByRole('button', { name: 'Restart console only' })).toBeNull();
    connect();
    for (const line of SEED_SESSION) type(line);
    expect(mailCount(store, 'pleclercq@mydomain.com')).toBe(1);
  });

  it('shows DATA mode plainly and teaches dot-stuffing', () => {
    setup();
    connect();
    for (const line of ['HELO gandalf', 'MAIL FROM:<plc@gandalf>', 'RCPT TO:<pleclercq@mydomain.com>', 'DATA']) type(line);
    expect(screen.getByText('DATA mode: end with a line containing only .')).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Message line (DATA mode)' })).toBeTruthy();
    expect(screen.getByText('DATA ›')).toBeTruthy();
    expect(screen.getByText(/^Server state: data/)).toBeTruthy();
    fireEvent.change(input(), { target: { value: '.hidden' } });
    expect(screen.getByText(/the server removes it, so the message would hold "hidden"\. Type "\.\.hidden"/)).toBeTruthy();
    fireEvent.change(input(), { target: { value: '.' } });
    expect(screen.getByText(/A line with only "\." ends the message\. To put a line that is a single dot/)).toBeTruthy();
    fireEvent.change(input(), { target: { value: '..' } });
    expect(screen.getByText(/Dot-stuffed: the server removes the first dot, so the message will hold "\."/)).toBeTruthy();
    type('..');
    type('.');
    expect(screen.queryByText('DATA mode: end with a line containing only .')).toBeNull();
    expect(screen.getByText('SMTP ›')).toBeTruthy();
  });

  it('completes verbs and addresses with Tab, and lets Tab move on when there is nothing to complete', () => {
    setup();
    connect();
    fireEvent.change(input(), { target: { value: 'HE' } });
    expect(fireEvent.keyDown(input(), { key: 'Tab' })).toBe(false);
    expect(screen.getByText('Matches: HELO HELP')).toBeTruthy();
    fireEvent.change(input(), { target: { value: 'RCPT TO:<ple' } });
    fireEvent.keyDown(input(), { key: 'Tab' });
    expect(input().value).toBe('RCPT TO:<pleclercq@mydomain.com>');
    // Complete already: Tab is not taken, so keyboard users can leave the field.
    expect(fireEvent.keyDown(input(), { key: 'Tab' })).toBe(true);
    fireEvent.change(input(), { target: { value: '' } });
    expect(fireEvent.keyDown(input(), { key: 'Tab' })).toBe(true);
  });

  it('keeps a history for the up and down arrows', () => {
    setup();
    connect();
    type('HELO gandalf');
    type('NOOP');
    fireEvent.change(input(), { target: { value: 'draft' } });
    fireEvent.keyDown(input(), { key: 'ArrowUp' });
    expect(input().value).toBe('NOOP');
    fireEvent.keyDown(input(), { key: 'ArrowUp' });
    expect(input().value).toBe('HELO gandalf');
    fireEvent.keyDown(input(), { key: 'ArrowUp' });
    expect(input().value).toBe('HELO gandalf');
    fireEvent.keyDown(input(), { key: 'ArrowDown' });
    expect(input().value).toBe('NOOP');
    fireEvent.keyDown(input(), { key: 'ArrowDown' });
    expect(input().value).toBe('draft');
  });

  it('lets the agent answer HELP itself, and announces each reply politely', () => {
    const { store } = setup();
    connect();
    expect(live().textContent).toMatch(/replied: 220 mailserver\.mydomain\.com/);
    type('HELP');
    expect(within(log()).getByText(/Commands:/)).toBeTruthy();
    expect(store.getSnapshot().trace.some((e) => e.kind === 'line' && e.direction === 's2c' && e.text.startsWith('214 '))).toBe(true);
    expect(live().textContent).toMatch(/replied: 214-2\.0\.0 Commands:.*214 2\.0\.0 End of HELP info/);
  });

  it('explains a reply code on demand: meaning, RFC section, what to do next', () => {
    setup();
    connect();
    type('HELO gandalf');
    type('RCPT TO:<pleclercq@mydomain.com>');
    fireEvent.click(screen.getByRole('button', { name: '503: explain this reply' }));
    const card = screen.getByRole('region', { name: 'Reply 503 explained' });
    expect(card.textContent).toMatch(/RCPT came before any MAIL FROM/);
    expect(card.textContent).toMatch(/RFC 5321 §4\.1\.4/);
    expect(card.textContent).toMatch(/Next: Send MAIL FROM:<address> first\./);
    fireEvent.click(within(card).getByRole('button', { name: 'Close the explanation' }));
    expect(screen.queryByRole('region', { name: 'Reply 503 explained' })).toBeNull();
    // Focusing a code explains it too.
    fireEvent.focus(screen.getAllByRole('button', { name: '250: explain this reply' })[0]!);
    expect(screen.getByRole('region', { name: 'Reply 250 explained' })).toBeTruthy();
  });

  it('copies the whole session and clears the screen without ending it', async () => {
    setup();
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    connect();
    type('HELO gandalf');
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(within(log()).queryByText(/HELO gandalf/)).toBeNull();
    type('NOOP');
    expect(within(log()).getByText('NOOP')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy session' }));
    });
    expect(writeText).toHaveBeenCalledOnce();
    const copied = (writeText.mock.calls[0] as unknown as [string])[0];
    expect(copied).toMatch(/^gandalf\$ telnet mailserver\.mydomain\.com 25\nTrying 192\.168\.1\.20\.\.\.\n/);
    expect(copied).toMatch(/HELO gandalf\n250 mailserver\.mydomain\.com\nNOOP\n250 2\.0\.0 Ok\n$/);
    expect(screen.getByText('The whole session is copied.')).toBeTruthy();
  });

  it('lights the server\'s state on the statechart as the session moves', () => {
    setup();
    connect();
    const active = () => document.querySelector('.mp-con-chart-active text')?.textContent;
    expect(active()).toBe('greeting');
    type('HELO gandalf');
    expect(active()).toBe('ready');
    type('MAIL FROM:<plc@gandalf>');
    expect(active()).toBe('mail');
    type('RCPT TO:<pleclercq@mydomain.com>');
    expect(active()).toBe('rcpt');
    type('QUIT');
    expect(active()).toBe('closed');
  });

  it('stays right when the run is stepped back and replayed', () => {
    const { store } = setup();
    connect();
    type('HELO gandalf');
    const events = store.getSnapshot().trace.length;
    act(() => store.restart());
    expect(screen.getByText(/You stepped back to before this connection was made/)).toBeTruthy();
    expect(input().disabled).toBe(true);
    act(() => store.seekEvent(events - 1));
    expect(within(log()).getByText('250')).toBeTruthy();
    expect(input().disabled).toBe(false);
  });

  it('remembers its session when the tab is left and opened again', () => {
    const { store, view } = setup();
    connect();
    type('HELO gandalf');
    view.unmount();
    renderWith(store, <ConsolePanel />);
    expect(within(log()).getByText(/HELO gandalf/)).toBeTruthy();
    fireEvent.keyDown(input(), { key: 'ArrowUp' });
    expect(input().value).toBe('HELO gandalf');
  });

  it('speaks LMTP to the MDA, from the MX that hands mail to it', () => {
    setup();
    fireEvent.change(screen.getByRole('combobox', { name: 'Server to connect to' }), { target: { value: 'mailserver.mydomain.com:24' } });
    expect(screen.getByText('mailserver.mydomain.com$ telnet mailserver.mydomain.com 24', { selector: 'code' })).toBeTruthy();
    connect();
    expect(screen.getByText('LMTP ›')).toBeTruthy();
    fireEvent.change(input(), { target: { value: 'LH' } });
    fireEvent.keyDown(input(), { key: 'Tab' });
    expect(input().value).toBe('LHLO ');
    type('HELO x');
    expect(within(log()).getByText(/Unknown command/)).toBeTruthy();
  });

  it('waits, as telnet does, for a host that is down to time out', () => {
    setup('mx-failover');
    fireEvent.change(screen.getByRole('combobox', { name: 'Server to connect to' }), { target: { value: 'mx1.recipient.example:25' } });
    connect();
    expect(within(log()).getByText('Trying 192.0.2.25...')).toBeTruthy();
    expect(within(log()).getByText(/telnet: Unable to connect to remote host: .*Connection timed out/)).toBeTruthy();
    expect(input().disabled).toBe(true);
    expect(live().textContent).toMatch(/Unable to connect/);
  });

  it('builds AUTH PLAIN for the learner and puts it in the input', () => {
    setup('two-providers');
    expect(screen.getByText('learner-pc$ telnet smtp.sender.example 587', { selector: 'code' })).toBeTruthy();
    connect();
    type('EHLO learner-pc');
    expect(screen.getByText(/This is a submission server: it wants AUTH before MAIL FROM/)).toBeTruthy();
    expect(screen.getByText('\\0alice@sender.example\\0wonderland')).toBeTruthy();
    expect(screen.getByText('AGFsaWNlQHNlbmRlci5leGFtcGxlAHdvbmRlcmxhbmQ=')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /in the console/ }));
    expect(input().value).toBe('AUTH PLAIN AGFsaWNlQHNlbmRlci5leGFtcGxlAHdvbmRlcmxhbmQ=');
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(within(log()).getByText(/Authentication successful/)).toBeTruthy();
  });
});
