// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MessagePanel } from '../../../src/ui/inspector/MessagePanel';
import { RenderedMessage } from '../../../src/ui/inspector/RenderedMessage';
import { renderWith, runToEnd, storeFor } from '../harness';

afterEach(cleanup);

function bobsMessage() {
  const store = storeFor('two-providers');
  store.select({ selectedMessage: { address: 'bob@recipient.example', uid: 1 }, tab: 'message' });
  return store;
}

describe('MessagePanel', () => {
  it('shows the envelope beside the headers, with where the envelope was read', () => {
    const store = bobsMessage();
    renderWith(store, <MessagePanel />);
    expect(screen.getByRole('heading', { name: 'Lunch on Friday?' })).toBeTruthy();
    const table = screen.getByRole('table');
    const [env, head] = within(table).getAllByRole('columnheader');
    expect(env?.textContent).toMatch(/^Envelope/);
    expect(head?.textContent).toMatch(/^Headers/);
    const sender = within(table).getAllByRole('row')[1]!;
    expect(sender.textContent).toContain('MAIL FROM<alice@sender.example>');
    expect(sender.textContent).toContain('FromAlice Martin <alice@sender.example>');
    expect(screen.getByText(/Envelope read as smtp.sender.example queued it/)).toBeTruthy();
    expect(screen.getByText('Envelope and headers agree')).toBeTruthy();
    store.dispose();
  });

  it('opens the transcript of the connection that carried the envelope', () => {
    const store = bobsMessage();
    renderWith(store, <MessagePanel />);
    fireEvent.click(screen.getByRole('button', { name: 'Show the transcript of c1' }));
    expect(store.getSnapshot()).toMatchObject({ selectedConnId: 'c1', tab: 'transcript' });
    store.dispose();
  });

  it('shows the Received chain as a journey from the first hop to the last', () => {
    const store = bobsMessage();
    renderWith(store, <MessagePanel />);
    fireEvent.click(screen.getByRole('tab', { name: 'Journey (Received)' }));
    const hops = screen.getAllByRole('listitem').filter((li) => li.className === 'mp-hop');
    expect(hops).toHaveLength(4);
    expect(hops[0]?.textContent).toMatch(/^1alice-laptop \[203.0.113.50\] → smtp.sender.example/);
    expect(hops[1]?.textContent).toMatch(/↓ \d+ ms later/);
    expect(screen.getByText(/stored in the mailbox of <bob@recipient.example>/)).toBeTruthy();
    store.dispose();
  });

  it('shows the raw source exactly, one line per CRLF-ended line', () => {
    const store = bobsMessage();
    renderWith(store, <MessagePanel />);
    fireEvent.click(screen.getByRole('tab', { name: 'Raw source' }));
    const raw = store.getSnapshot().sim.world.mailbox('bob@recipient.example')!.messages[0]!.raw;
    const lines = [...document.querySelectorAll('.mp-raw-line')].map((l) => l.textContent);
    expect(`${lines.join('\r\n')}\r\n`).toBe(raw);
    expect(screen.getByText(/1346 bytes, 30 lines, each ending in CRLF/)).toBeTruthy();
    store.dispose();
  });

  it('shows the message as a graphical client does: name, address, subject, body', async () => {
    const store = bobsMessage();
    renderWith(store, <MessagePanel />);
    fireEvent.click(screen.getByRole('tab', { name: 'Rendered' }));
    const article = await screen.findByRole('article');
    expect(within(article).getByText('Alice Martin')).toBeTruthy();
    expect(within(article).getByText('<alice@sender.example>')).toBeTruthy();
    expect(within(article).getByRole('heading', { name: 'Lunch on Friday?' })).toBeTruthy();
    expect(article.textContent).toContain('Are you free for lunch on Friday?');
    expect(article.textContent).toContain('Thu, 12 Mar 2026');
    store.dispose();
  });

  it('renders a bounce readably: who failed, the status, what the server said', async () => {
    const store = storeFor('user-unknown');
    store.select({ selectedMessage: { address: 'alice@sender.example', uid: 1 } });
    renderWith(store, <MessagePanel />);
    expect(screen.getByText('Empty envelope sender: MAIL FROM:<>')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Rendered' }));
    const article = await screen.findByRole('article');
    expect(within(article).getByText('bobby@recipient.example')).toBeTruthy();
    expect(within(article).getByText('failed')).toBeTruthy();
    expect(article.textContent).toContain('5.1.1 Addressing status: Bad destination mailbox address');
    expect(article.textContent).toContain('Recipient address rejected: User unknown in local recipient table');
    expect(within(article).getByRole('button', { name: '550' })).toBeTruthy();
    store.dispose();
  });

  it("shows the message of the selected connection's DATA when no mailbox message is chosen", () => {
    const store = storeFor('two-providers');
    store.select({ selectedConnId: 'c2' });
    renderWith(store, <MessagePanel />);
    expect(screen.getByText(/As it crossed c2: smtp.sender.example → mta.sender.example:10025/)).toBeTruthy();
    expect(screen.getByText(/Envelope read as smtp.sender.example sent it to mta.sender.example over c2/)).toBeTruthy();
    store.dispose();
  });

  it('says what to do when nothing is chosen, and when the message is not delivered yet', () => {
    const store = storeFor('two-providers', { toEnd: false });
    renderWith(store, <MessagePanel />);
    expect(screen.getByText('No message chosen.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Open Mailboxes' }));
    expect(store.getSnapshot().tab).toBe('mailboxes');
    cleanup();
    store.select({ selectedMessage: { address: 'bob@recipient.example', uid: 1 } });
    renderWith(store, <MessagePanel />);
    expect(screen.getByText(/has not been delivered at this point of the run/)).toBeTruthy();
    act(() => runToEnd(store));
    expect(screen.getByRole('heading', { name: 'Lunch on Friday?' })).toBeTruthy();
    store.dispose();
  });
});

describe('RenderedMessage', () => {
  const html = [
    'From: "Mallory" <m@evil.example>',
    'To: bob@recipient.example',
    'Subject: =?UTF-8?Q?Caf=C3=A9?=',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Hello <b>Bob</b></p><script>parent.hacked = true</script><img src=x onerror="parent.hacked=true">',
    '--b1',
    'Content-Type: application/pdf; name="invoice.pdf"',
    'Content-Disposition: attachment; filename="invoice.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    'JVBERi0xLjQK',
    '--b1--',
    '',
  ].join('\r\n');

  it('puts HTML only in a sandboxed frame without scripts, decodes the subject, lists attachments', async () => {
    render(<RenderedMessage raw={html} />);
    const frame = (await screen.findByTitle('HTML part of the message')) as HTMLIFrameElement;
    expect(frame.tagName).toBe('IFRAME');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain('<b>Bob</b>');
    // Nothing of the HTML became part of the page.
    expect(document.querySelector('article b')?.textContent).not.toBe('Bob');
    expect((window as unknown as { hacked?: boolean }).hacked).toBeUndefined();
    expect(screen.getByRole('heading', { name: 'Café' })).toBeTruthy();
    expect(screen.getByText(/invoice\.pdf/).textContent).toContain('application/pdf');
  });

  it('renders text as text, even when it looks like HTML', async () => {
    const raw = 'From: a@b.example\r\nSubject: x\r\n\r\n<img src=x onerror=alert(1)> <b>not bold</b>\r\n';
    render(<RenderedMessage raw={raw} />);
    const body = await screen.findByText(/not bold/);
    expect(body.tagName).toBe('PRE');
    expect(document.querySelector('article img')).toBeNull();
  });

  it('says when there is no From and no subject, as a client would', async () => {
    render(<RenderedMessage raw={'Received: from gandalf\r\n\r\nThis is a test mail, typed by hand.\r\n'} />);
    expect(await screen.findByText('(no subject)')).toBeTruthy();
    expect(screen.getByText(/unknown sender/)).toBeTruthy();
  });
});
