// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PanelBoundary } from '../../../src/ui/shell/PanelBoundary';

afterEach(cleanup);

const state = { fail: true };

function Fragile() {
  if (state.fail) throw new Error('mailbox index out of range');
  return <p>Mailboxes are back</p>;
}

describe('a failing panel', () => {
  it('shows its error and a Retry button, and the rest of the page keeps running', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    state.fail = true;
    render(
      <div>
        <PanelBoundary name="Mailboxes">
          <Fragile />
        </PanelBoundary>
        <p>The graph still runs</p>
      </div>,
    );
    expect(screen.getByRole('alert').textContent).toContain('The Mailboxes panel stopped working.');
    expect(screen.getByRole('alert').textContent).toContain('mailbox index out of range');
    expect(screen.getByText('The graph still runs')).toBeTruthy();
    state.fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(screen.getByText('Mailboxes are back')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    quiet.mockRestore();
    warn.mockRestore();
  });
});
