// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { explainReply, reply } from '../../../src/protocol';
import { explainLine, ReplyCode } from '../../../src/ui/reply/ReplyCode';

afterEach(cleanup);

const userUnknown = reply(550, '5.1.1', '<bobby@recipient.example>: Recipient address rejected: User unknown in local recipient table');

describe('ReplyCode', () => {
  it('explains itself in one line: summary and RFC section, from explainReply', () => {
    const e = explainReply(userUnknown);
    expect(explainLine(userUnknown)).toBe(`${e.summary} (${e.rfc})`);
    expect(explainLine(userUnknown)).toMatch(/RFC/);
  });

  it('is focusable, with the explanation as its accessible description', () => {
    render(<ReplyCode reply={userUnknown} />);
    const code = screen.getByRole('button', { name: '550' });
    expect(code.tabIndex).toBe(0);
    const tip = document.getElementById(code.getAttribute('aria-describedby')!);
    expect(tip?.getAttribute('role')).toBe('tooltip');
    expect(tip?.textContent).toBe(explainLine(userUnknown));
  });

  it('shows the tooltip on hover and on focus, and Escape hides it', () => {
    render(<ReplyCode reply={userUnknown} />);
    const code = screen.getByRole('button', { name: '550' });
    const tip = screen.getByRole('tooltip', { hidden: true });
    expect(tip.className).not.toContain('open');
    fireEvent.mouseEnter(code);
    expect(tip.className).toContain('mp-reply-tip-open');
    fireEvent.mouseLeave(code);
    expect(tip.className).not.toContain('open');
    fireEvent.focus(code);
    expect(tip.className).toContain('mp-reply-tip-open');
    fireEvent.keyDown(code, { key: 'Escape' });
    expect(tip.className).not.toContain('open');
  });

  it('colours the code by its class', () => {
    render(
      <>
        <ReplyCode reply={reply(250, '2.0.0', 'Ok')} />
        <ReplyCode reply={reply(451, '4.7.1', 'Greylisted')} />
        <ReplyCode reply={userUnknown} />
      </>,
    );
    expect(screen.getByRole('button', { name: '250' }).className).toContain('reply-2xx');
    expect(screen.getByRole('button', { name: '451' }).className).toContain('reply-4xx');
    expect(screen.getByRole('button', { name: '550' }).className).toContain('reply-5xx');
  });

  it('can stay out of the Tab order (continuation lines) while still explaining itself', () => {
    render(<ReplyCode reply={reply(250, undefined, 'mx.example', 'PIPELINING')} tabbable={false} />);
    const code = screen.getByRole('button', { name: '250' });
    expect(code.tabIndex).toBe(-1);
    expect(code.getAttribute('aria-describedby')).toBeTruthy();
  });
});
