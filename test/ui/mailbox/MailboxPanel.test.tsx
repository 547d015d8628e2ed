// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MailboxPanel } from '../../../src/ui/mailbox/MailboxPanel';
import { renderWith, runToEnd, storeFor } from '../harness';

afterEach(cleanup);

describe('MailboxPanel', () => {
  it('lists every mailbox of the world with its messages: from, subject, time', () => {
    const store = storeFor('two-providers');
    renderWith(store, <MailboxPanel />);
    const bob = screen.getByRole('region', { name: 'Mailbox bob@recipient.example' });
    expect(bob.textContent).toContain('on mx.recipient.example · 1 message');
    const message = within(bob).getByRole('button');
    expect(message.textContent).toBe('Alice MartinLunch on Friday?0.696s');
    const alice = screen.getByRole('region', { name: 'Mailbox alice@sender.example' });
    expect(alice.textContent).toContain('Empty so far.');
    store.dispose();
  });

  it('selecting a message opens it in the Message tab', () => {
    const store = storeFor('two-providers');
    renderWith(store, <MailboxPanel />);
    fireEvent.click(screen.getByRole('button', { name: /Lunch on Friday/ }));
    expect(store.getSnapshot()).toMatchObject({ selectedMessage: { address: 'bob@recipient.example', uid: 1 }, tab: 'message' });
    expect(screen.getByRole('button', { name: /Lunch on Friday/ }).getAttribute('aria-current')).toBe('true');
    store.dispose();
  });

  it('follows the run: a message appears when it is delivered, and goes when the run goes back', () => {
    const store = storeFor('two-providers', { toEnd: false });
    renderWith(store, <MailboxPanel />);
    expect(screen.queryByRole('button', { name: /Lunch on Friday/ })).toBeNull();
    act(() => runToEnd(store));
    expect(screen.getByRole('button', { name: /Lunch on Friday/ })).toBeTruthy();
    act(() => store.seekTime(100));
    expect(screen.queryByRole('button', { name: /Lunch on Friday/ })).toBeNull();
    store.dispose();
  });

  it('marks bounces and messages without From or Subject', () => {
    const bounce = storeFor('user-unknown');
    renderWith(bounce, <MailboxPanel />);
    const item = within(screen.getByRole('region', { name: 'Mailbox alice@sender.example' })).getByRole('button');
    expect(item.textContent).toContain('Mail Delivery System');
    expect(item.textContent).toContain('bounce');
    expect(item.textContent).toContain('Undelivered Mail Returned to Sender');
    bounce.dispose();
    cleanup();
    const seed = storeFor('seed-basic');
    renderWith(seed, <MailboxPanel />);
    const bare = within(screen.getByRole('region', { name: 'Mailbox pleclercq@mydomain.com' })).getByRole('button');
    expect(bare.textContent).toContain('(no From header)');
    expect(bare.textContent).toContain('(no subject)');
    seed.dispose();
  });
});
