// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ComposePanel } from '../../../src/ui/compose/ComposePanel';
import { renderWith, storeFor } from '../harness';

afterEach(cleanup);

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label, { exact: true }), { target: { value } });

describe('ComposePanel', () => {
  it('writes from the MUA, with From shown as "Display Name <address>"', () => {
    const store = storeFor('two-providers');
    renderWith(store, <ComposePanel />);
    expect((screen.getByLabelText('Send from') as HTMLSelectElement).value).toBe('alice-laptop');
    expect((screen.getByLabelText('From', { exact: true }) as HTMLInputElement).value).toBe('Alice Martin <alice@sender.example>');
    expect(screen.getByText(/logs in to smtp.sender.example:587 as alice@sender.example/)).toBeTruthy();
    store.dispose();
  });

  it('sends through store.apply and plays, then says so', () => {
    const store = storeFor('two-providers');
    const apply = vi.spyOn(store, 'apply');
    const play = vi.spyOn(store, 'play').mockImplementation(() => {});
    renderWith(store, <ComposePanel />);
    type('To', 'Bob Dupont <bob@recipient.example>');
    type('Bcc', 'alice@sender.example');
    type('Subject', 'Tea?');
    type('Message', 'At four.\n');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(apply).toHaveBeenCalledWith({
      kind: 'compose',
      host: 'alice-laptop',
      draft: { to: ['Bob Dupont <bob@recipient.example>'], cc: [], bcc: ['alice@sender.example'], subject: 'Tea?', body: 'At four.\n' },
    });
    expect(play).toHaveBeenCalled();
    expect(screen.getByRole('status').textContent).toMatch(/^Sent from alice-laptop at [\d.]+s to 2 recipients/);
    // The message is on its way: the MUA's submit is in the trace.
    expect(store.getSnapshot().sim.actions.at(-1)?.action.kind).toBe('compose');
    expect((screen.getByLabelText('To', { exact: true }) as HTMLInputElement).value).toBe('');
    store.dispose();
  });

  it('sends an edited From as a forged header, and says what stays true', () => {
    const store = storeFor('two-providers');
    const apply = vi.spyOn(store, 'apply');
    vi.spyOn(store, 'play').mockImplementation(() => {});
    renderWith(store, <ComposePanel />);
    type('From', 'The Boss <ceo@bank.example>');
    expect(screen.getByText(/the envelope \(MAIL FROM\) stays <alice@sender.example>/)).toBeTruthy();
    type('To', 'bob@recipient.example');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(apply.mock.calls[0]?.[0]).toMatchObject({ draft: { fromHeader: 'The Boss <ceo@bank.example>' } });
    store.dispose();
  });

  it('on a bad address: an error naming the field, focus on it, and nothing the user typed is lost', () => {
    const store = storeFor('two-providers');
    const apply = vi.spyOn(store, 'apply');
    renderWith(store, <ComposePanel />);
    type('To', 'bob, carol@recipient.example');
    type('Subject', 'Keep me');
    type('Message', 'And me.');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(apply).not.toHaveBeenCalled();
    const to = screen.getByLabelText('To', { exact: true }) as HTMLInputElement;
    expect(screen.getByRole('alert').textContent).toContain('To: "bob" is not an e-mail address');
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(to.getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent).toMatch(/^To: "bob"/);
    expect(document.activeElement).toBe(to);
    expect(to.value).toBe('bob, carol@recipient.example');
    expect((screen.getByLabelText('Subject', { exact: true }) as HTMLInputElement).value).toBe('Keep me');
    expect((screen.getByLabelText('Message') as HTMLTextAreaElement).value).toBe('And me.');
    store.dispose();
  });

  it('keeps the draft when the panel is closed and opened again', () => {
    const store = storeFor('two-providers');
    const first = renderWith(store, <ComposePanel />);
    type('Subject', 'Half written');
    first.unmount();
    renderWith(store, <ComposePanel />);
    expect((screen.getByLabelText('Subject', { exact: true }) as HTMLInputElement).value).toBe('Half written');
    store.dispose();
  });

  it('without a mail client in the scenario, says so and points to the console', () => {
    const store = storeFor('seed-basic');
    renderWith(store, <ComposePanel />);
    expect(screen.getByText(/This scenario has no mail client/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Open the Console' }));
    expect(store.getSnapshot().tab).toBe('console');
    store.dispose();
  });
});
