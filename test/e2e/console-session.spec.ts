import { SEED_SESSION } from '../../src/scenarios/presets/seed-basic';
import { expect, type Page, test, typeLine } from './fixtures';

async function openConsole(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole('tab', { name: 'Console' }).click();
  const log = page.getByRole('log');
  const input = page.getByRole('textbox', { name: /Line to send|Message line/ });
  return { log, input };
}

test('the seed session, typed key by key at the console, delivers the message to pleclercq', async ({ page, errors }) => {
  const { log, input } = await openConsole(page, '/?scenario=seed-basic');
  await page.getByRole('button', { name: 'Restart console only' }).click();
  await expect(page.getByText('gandalf$ telnet mailserver.mydomain.com 25').first()).toBeVisible();
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(log).toContainText('220 mailserver.mydomain.com');
  await expect(input).toBeFocused();

  for (const line of SEED_SESSION.slice(0, 4)) await typeLine(page, line);
  await expect(log).toContainText('354 End data with');
  await expect(page.getByText('DATA mode: end with a line containing only .')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Message line (DATA mode)' })).toBeFocused();
  await page.screenshot({ path: 'test-results/console-data-mode.png' });

  for (const line of SEED_SESSION.slice(4)) await typeLine(page, line);
  await expect(log).toContainText('250 2.0.0 Ok: queued as');
  await expect(log).toContainText('221 2.0.0 Bye');
  await expect(log).toContainText('Connection closed by foreign host.');
  await page.screenshot({ path: 'test-results/console-seed-session.png' });

  await page.getByRole('tab', { name: 'Mailboxes' }).click();
  const box = page.getByRole('region', { name: 'Mailbox pleclercq@mydomain.com' });
  await expect(box).toContainText('1 message');
  await page.screenshot({ path: 'test-results/console-seed-mailbox.png' });
  expect(errors).toEqual([]);
});

test('the console works alongside the scenario\'s own scripted session', async ({ page, errors }) => {
  const { log } = await openConsole(page, '/?scenario=seed-basic');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(log).toContainText('220 mailserver.mydomain.com');
  for (const line of SEED_SESSION) await typeLine(page, line);
  await expect(log).toContainText('250 2.0.0 Ok: queued as');
  await page.getByRole('tab', { name: 'Mailboxes' }).click();
  // The scripted session from gandalf ran too, as time passed: two messages, one of them ours.
  await expect(page.getByRole('region', { name: 'Mailbox pleclercq@mydomain.com' })).toContainText('2 messages');
  expect(errors).toEqual([]);
});

test('keyboard only: completion, history, explanations, and the reply announced', async ({ page, errors }) => {
  const { log, input } = await openConsole(page, '/?scenario=seed-basic');
  await page.getByRole('button', { name: 'Restart console only' }).click();
  await page.getByRole('button', { name: 'Connect' }).focus();
  await page.keyboard.press('Enter');
  await expect(input).toBeFocused();
  await page.keyboard.type('HE');
  await page.keyboard.press('Tab');
  await expect(page.getByText('Matches: HELO HELP')).toBeVisible();
  await expect(input).toHaveValue('HEL');
  await page.keyboard.type('O');
  await page.keyboard.press('Tab');
  await expect(input).toHaveValue('HELO ');
  await page.keyboard.press('Tab');
  await expect(input).toHaveValue('HELO gandalf');
  await page.keyboard.press('Enter');
  await expect(log).toContainText('250 mailserver.mydomain.com');
  // A wrong sequence: RCPT before MAIL.
  await page.keyboard.type('RCPT TO:<ple');
  await page.keyboard.press('Tab');
  await expect(input).toHaveValue('RCPT TO:<pleclercq@mydomain.com>');
  await page.keyboard.press('Enter');
  await expect(log).toContainText('503 5.5.1 Error: need MAIL command');
  await expect(page.locator('[aria-live="polite"][aria-atomic="true"]')).toContainText('replied: 503 5.5.1 Error: need MAIL command');
  // History brings back the last line.
  await page.keyboard.press('ArrowUp');
  await expect(input).toHaveValue('RCPT TO:<pleclercq@mydomain.com>');
  await page.keyboard.press('Escape');
  await expect(input).toHaveValue('');
  // Tab goes on out of an empty input; Shift+Tab walks back into the transcript to the reply codes.
  await page.getByRole('button', { name: '503: explain this reply' }).focus();
  const card = page.getByRole('region', { name: 'Reply 503 explained' });
  await expect(card).toContainText('Send MAIL FROM:<address> first.');
  await expect(card).toContainText('RFC 5321');
  await page.screenshot({ path: 'test-results/console-explain-503.png' });
  await page.keyboard.press('Escape');
  expect(errors).toEqual([]);
});

test('the MUA side: AUTH PLAIN built by the helper, at the MSA, in the dark theme', async ({ page, errors }) => {
  const { log, input } = await openConsole(page, '/?scenario=two-providers');
  await page.getByRole('button', { name: 'Restart console only' }).click();
  await expect(page.getByText('learner-pc$ telnet smtp.sender.example 587').first()).toBeVisible();
  await page.getByRole('button', { name: 'Connect' }).click();
  await typeLine(page, 'EHLO learner-pc');
  await expect(log).toContainText('250-AUTH PLAIN LOGIN');
  await typeLine(page, 'MAIL FROM:<alice@sender.example>');
  await expect(log).toContainText('530 5.7.0 Authentication required');
  await page.locator('summary', { hasText: 'AUTH PLAIN helper' }).click();
  await expect(page.getByText('\\0alice@sender.example\\0wonderland')).toBeVisible();
  await page.getByRole('button', { name: /in the console/ }).click();
  await expect(input).toHaveValue('AUTH PLAIN AGFsaWNlQHNlbmRlci5leGFtcGxlAHdvbmRlcmxhbmQ=');
  await page.keyboard.press('Enter');
  await expect(log).toContainText('235 2.7.0 Authentication successful');
  for (const line of ['MAIL FROM:<alice@sender.example>', 'RCPT TO:<bob@recipient.example>', 'DATA', 'Subject: typed by hand', '', 'Hi Bob', '.']) await typeLine(page, line);
  await expect(log).toContainText('Ok: queued as');
  const toggle = page.getByRole('button', { name: /dark/i }).first();
  if (await toggle.isVisible()) await toggle.click();
  await page.screenshot({ path: 'test-results/console-msa-auth-dark.png' });
  await page.getByRole('tab', { name: 'Mailboxes' }).click();
  await expect(page.getByRole('region', { name: 'Mailbox bob@recipient.example' })).toContainText('1 message');
  expect(errors).toEqual([]);
});
