// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { explainLine } from '../../../src/ui/reply/ReplyCode';
import { TranscriptPanel } from '../../../src/ui/transcript/TranscriptPanel';
import { renderWith, storeFor } from '../harness';

afterEach(cleanup);

describe('TranscriptPanel', () => {
  it('shows the selected connection, client and server lines told apart', () => {
    const store = storeFor('two-providers');
    store.select({ selectedConnId: 'c1' });
    renderWith(store, <TranscriptPanel />);
    const picker = screen.getByRole('combobox', { name: 'Connection' }) as HTMLSelectElement;
    expect(picker.value).toBe('c1');
    expect(within(picker).getAllByRole('option')).toHaveLength(4);
    const dialog = screen.getByRole('list', { name: /Dialog of c1/ });
    const client = dialog.querySelector('.mp-tx-client');
    expect(client?.textContent).toContain('EHLO alice-laptop');
    expect(client?.querySelector('.mp-tx-mark')?.textContent).toBe(' -> ');
    const server = dialog.querySelector('.mp-tx-server');
    expect(server?.querySelector('.mp-tx-mark')?.textContent).toBe('<-  ');
    store.dispose();
  });

  it('shows the lines of DATA as the message, with the blank line between headers and body', () => {
    const store = storeFor('two-providers');
    store.select({ selectedConnId: 'c1' });
    renderWith(store, <TranscriptPanel />);
    expect(screen.getByText(/The message itself \(DATA\): 15 lines: 9 header lines, a blank line, then the body/)).toBeTruthy();
    expect(screen.getByText('Subject: Lunch on Friday?').closest('li')?.className).toContain('mp-tx-header');
    expect(screen.getByText('Hi Bob,').closest('li')?.className).toContain('mp-tx-body');
    expect(screen.getByText(/the headers end, the body begins/)).toBeTruthy();
    store.dispose();
  });

  it('marks error replies <** and explains each reply code on focus', () => {
    const store = storeFor('user-unknown');
    store.select({ selectedConnId: 'c3' });
    renderWith(store, <TranscriptPanel />);
    const error = screen.getByText(/Recipient address rejected/).closest('li')!;
    expect(error.className).toContain('mp-tx-error');
    expect(error.querySelector('.mp-tx-mark')?.textContent).toBe('<** ');
    const code = within(error).getByRole('button', { name: '550' });
    const tip = document.getElementById(code.getAttribute('aria-describedby')!)!;
    expect(tip.textContent).toMatch(/RFC/);
    expect(tip.textContent).toContain(explainLine({ code: 550, dsn: '5.1.1', lines: ['<bobby@recipient.example>: Recipient address rejected: User unknown in local recipient table'] }));
    fireEvent.focus(code);
    expect(tip.className).toContain('open');
    store.dispose();
  });

  it('follows the picker: choosing a connection selects it in the store', () => {
    const store = storeFor('two-providers');
    renderWith(store, <TranscriptPanel />);
    fireEvent.change(screen.getByRole('combobox', { name: 'Connection' }), { target: { value: 'c4' } });
    expect(store.getSnapshot().selectedConnId).toBe('c4');
    expect(screen.getByRole('list', { name: /Dialog of c4/ }).textContent).toContain('LHLO mx.recipient.example');
    store.dispose();
  });

  it('copies the transcript as text, swaks style', async () => {
    const writeText = vi.fn(async (_text: string) => {});
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    const store = storeFor('user-unknown');
    store.select({ selectedConnId: 'c3' });
    renderWith(store, <TranscriptPanel />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    });
    const text = writeText.mock.calls[0]?.[0] ?? '';
    expect(text).toContain(' -> RCPT TO:<bobby@recipient.example>\n');
    expect(text).toContain('<** 550 5.1.1');
    expect(screen.getByRole('status').textContent).toMatch(/Copied \d+ lines/);
    store.dispose();
  });

  it('says so when no connection has been opened yet', () => {
    const store = storeFor('two-providers', { toEnd: false });
    renderWith(store, <TranscriptPanel />);
    expect(screen.getByText(/No connection yet/)).toBeTruthy();
    store.dispose();
  });
});
