import { expect, type Page, test } from './fixtures';

/**
 * The journey explorer's panels in the real app: compose across two providers, follow the DNS lookup and
 * the delivery in the event list, read the dialog, open the message raw and rendered.
 */

const tab = (page: Page, name: string) => page.getByRole('tablist', { name: 'Panels' }).getByRole('tab', { name, exact: true });
const panel = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

/** Pause, then jump to the end of everything scheduled (the scrubber's End key). */
async function toTheEnd(page: Page) {
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  if (await pause.isVisible()) await pause.click();
  await page.getByRole('slider', { name: 'Virtual time' }).press('End');
}

test('panels: compose across two providers, then follow it in events, transcript, mailbox and message', async ({ page, errors }) => {
  await page.goto('/?scenario=two-providers');
  await expect(page.getByRole('heading', { name: 'Mailpath' })).toBeVisible();
  // The scenario's own message first, so ours is the next one on the wire (connection c5).
  await toTheEnd(page);
  await expect(page.getByRole('button', { name: 'Replay' })).toBeVisible({ timeout: 15_000 });

  // Compose: Alice writes to Bob at the other provider.
  await tab(page, 'Compose').click();
  const compose = panel(page, 'Compose');
  await expect(compose.getByLabel('Send from')).toHaveValue('alice-laptop');
  await expect(compose.getByLabel('From', { exact: true })).toHaveValue('Alice Martin <alice@sender.example>');
  // A bad address first: the error names the field, and what was typed stays.
  await compose.getByLabel('To', { exact: true }).fill('bob');
  await compose.getByLabel('Subject', { exact: true }).fill('Across two providers');
  await compose.getByLabel('Message').fill('Hi Bob,\n\nThis one crosses from sender.example to recipient.example.\n\nAlice\n');
  await compose.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(compose.getByRole('alert')).toContainText('To: "bob" is not an e-mail address');
  await expect(compose.getByLabel('Subject', { exact: true })).toHaveValue('Across two providers');
  await page.screenshot({ path: 'test-results/panels-compose-error.png' });
  await compose.getByLabel('To', { exact: true }).fill('Bob Dupont <bob@recipient.example>');
  await compose.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(compose.getByRole('status')).toContainText('Sent from alice-laptop');
  // The store plays: the message is on the graph.
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await page.screenshot({ path: 'test-results/panels-compose-sent.png' });
  await toTheEnd(page);
  await expect(page.getByRole('button', { name: 'Replay' })).toBeVisible({ timeout: 15_000 });

  // Events: the MX lookup, its answer and the delivery into Bob's mailbox.
  await tab(page, 'Events').click();
  const events = panel(page, 'Events');
  for (const kind of ['SMTP lines', 'Queue', 'Connection']) await events.getByRole('checkbox', { name: new RegExp(kind) }).uncheck();
  const list = events.getByRole('listbox');
  await expect(list.getByRole('option').filter({ hasText: 'DNS query' }).filter({ hasText: 'recipient.example MX?' }).first()).toBeVisible();
  await expect(list.getByRole('option').filter({ hasText: 'DNS answer' }).filter({ hasText: 'MX 10 mx.recipient.example.' }).first()).toBeVisible();
  const delivered = list.getByRole('option').filter({ hasText: 'delivered' }).filter({ hasText: 'bob@recipient.example' });
  await expect(delivered).toHaveCount(2);
  await page.screenshot({ path: 'test-results/panels-events.png' });
  // From the keyboard: End, then Enter selects the last row and the run moves there.
  await list.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(list.getByRole('option', { selected: true })).toContainText('delivered');
  for (const kind of ['SMTP lines', 'Queue', 'Connection']) await events.getByRole('checkbox', { name: new RegExp(kind) }).check();
  await toTheEnd(page);

  // Transcript of the submission: client and server lines, DATA as the message, codes explained.
  await tab(page, 'Transcript').click();
  const transcript = panel(page, 'Transcript');
  await transcript.getByLabel('Connection').selectOption({ label: 'c5: alice-laptop → smtp.sender.example:587 (submission)' });
  const dialog = transcript.getByRole('list', { name: /Dialog of c5/ });
  await expect(dialog).toContainText('RCPT TO:<bob@recipient.example>');
  await expect(dialog).toContainText('Subject: Across two providers');
  await expect(transcript.getByText(/The message itself \(DATA\)/)).toBeVisible();
  const code = dialog.getByRole('button', { name: '354' });
  await code.focus();
  await expect(page.getByRole('tooltip').filter({ hasText: 'ready for the message itself' })).toBeVisible();
  await page.screenshot({ path: 'test-results/panels-transcript.png' });

  // Mailboxes: the new message in Bob's mailbox.
  await tab(page, 'Mailboxes').click();
  const mailboxes = panel(page, 'Mailboxes');
  const bob = mailboxes.getByRole('region', { name: 'Mailbox bob@recipient.example' });
  await expect(bob).toContainText('2 messages');
  await page.screenshot({ path: 'test-results/panels-mailboxes.png' });
  await bob.getByRole('button', { name: /Across two providers/ }).click();

  // Message: envelope beside headers, the journey, rendered and raw.
  await expect(tab(page, 'Message')).toHaveAttribute('aria-selected', 'true');
  const message = panel(page, 'Message');
  await expect(message.getByRole('heading', { name: 'Across two providers' })).toBeVisible();
  await expect(message.getByRole('table')).toContainText('<alice@sender.example>');
  await expect(message.getByText('Envelope and headers agree')).toBeVisible();
  await page.screenshot({ path: 'test-results/panels-message-envelope.png' });
  await message.getByRole('tab', { name: 'Journey (Received)' }).click();
  await expect(message.locator('.mp-hop')).toHaveCount(4);
  await page.screenshot({ path: 'test-results/panels-message-journey.png' });
  await message.getByRole('tab', { name: 'Rendered' }).click();
  const rendered = message.getByRole('article');
  await expect(rendered.getByText('Alice Martin')).toBeVisible();
  await expect(rendered.getByRole('heading', { name: 'Across two providers' })).toBeVisible();
  await expect(rendered).toContainText('This one crosses from sender.example to recipient.example.');
  await page.screenshot({ path: 'test-results/panels-message-rendered.png' });
  await message.getByRole('tab', { name: 'Raw source' }).click();
  await expect(message.locator('.mp-raw')).toContainText('Subject: Across two providers');
  await expect(message.locator('.mp-raw')).toContainText('Delivered-To: bob@recipient.example');
  await expect(message.locator('.mp-raw')).toContainText('Received: from alice-laptop');
  await page.screenshot({ path: 'test-results/panels-message-raw.png' });

  expect(errors).toEqual([]);
});

test('panels: a bounce reads as a report, and the refused RCPT shows <** in the transcript', async ({ page, errors }) => {
  await page.goto('/?scenario=user-unknown');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await toTheEnd(page);
  await expect(page.getByRole('button', { name: 'Replay' })).toBeVisible({ timeout: 15_000 });

  await tab(page, 'Transcript').click();
  const transcript = panel(page, 'Transcript');
  await transcript.getByLabel('Connection').selectOption({ label: 'c3: mta.sender.example → mx.recipient.example:25 (SMTP relay)' });
  const refused = transcript.locator('.mp-tx-error').first();
  await expect(refused).toContainText('<**');
  await expect(refused).toContainText('550 5.1.1');
  await refused.getByRole('button', { name: '550' }).hover();
  await expect(page.getByRole('tooltip').filter({ hasText: 'RFC' }).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/panels-transcript-error.png' });

  await tab(page, 'Mailboxes').click();
  await panel(page, 'Mailboxes').getByRole('button', { name: /Undelivered Mail Returned to Sender/ }).click();
  const message = panel(page, 'Message');
  await expect(message.getByText('Empty envelope sender: MAIL FROM:<>')).toBeVisible();
  await message.getByRole('tab', { name: 'Rendered' }).click();
  await expect(message.locator('.mp-dsn')).toContainText('bobby@recipient.example');
  await expect(message.locator('.mp-dsn')).toContainText('5.1.1');
  await page.screenshot({ path: 'test-results/panels-message-bounce.png' });
  expect(errors).toEqual([]);
});
