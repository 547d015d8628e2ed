import { expect, test, typeLine } from './fixtures';

test('recover from 503: the checker notices the 503, the exercise completes, and stays done after a reload', async ({ page, errors }) => {
  await page.goto('/?exercise=recover-503&tab=exercises');
  await expect(page.getByRole('heading', { name: 'Recover from 503 bad sequence' })).toBeVisible();
  await page.screenshot({ path: 'test-results/console-exercise-task.png' });
  await page.getByRole('button', { name: 'Open the console' }).click();
  await expect(page.getByRole('tab', { name: 'Console' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'Connect' }).click();
  const log = page.getByRole('log');
  await expect(log).toContainText('220 mailserver.mydomain.com');

  await typeLine(page, 'HELO gandalf');
  await typeLine(page, 'DATA');
  await expect(log).toContainText('503 5.5.1 Error: need RCPT command');
  await expect(page.getByText(/1 of 2 steps\. Next: Recover/)).toBeVisible();
  await page.screenshot({ path: 'test-results/console-exercise-503.png' });

  for (const line of ['MAIL FROM:<plc@gandalf>', 'RCPT TO:<pleclercq@mydomain.com>', 'DATA', 'Back on track.', '.']) await typeLine(page, line);
  await expect(page.getByText('Done ✓ every step holds.')).toBeVisible();
  await page.getByRole('button', { name: 'Task and hints' }).click();
  await expect(page.getByText(/Well done: every step holds/)).toBeVisible();
  await page.screenshot({ path: 'test-results/console-exercise-done.png' });

  await page.reload();
  await expect(page.getByRole('heading', { name: /Recover from 503 bad sequence/ })).toBeVisible();
  await expect(page.getByText('✓ Done')).toBeVisible();
  await page.getByRole('button', { name: '← All exercises' }).click();
  await expect(page.getByText(/^1 of \d+ done$/)).toBeVisible();
  await expect(page.getByRole('link', { name: /Recover from 503 bad sequence, done/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/console-exercise-list.png' });
  expect(errors).toEqual([]);
});

test('a corrupt saved progress is ignored with a notice, never a crash', async ({ page, errors }) => {
  await page.goto('/?tab=exercises');
  await page.evaluate(() => localStorage.setItem('mailpath.exercises.v1', '{"version":1,"done":'));
  await page.reload();
  await expect(page.getByText(/could not be read, so it starts afresh/)).toBeVisible();
  await expect(page.getByRole('link', { name: /Send a minimal message/ })).toBeVisible();
  expect(errors).toEqual([]);
});

test('relay denied: meet it at the console, then say why', async ({ page, errors }) => {
  await page.goto('/?exercise=relay-denied&tab=exercises');
  await page.getByRole('button', { name: 'Open the console' }).click();
  await page.getByRole('button', { name: 'Connect' }).click();
  for (const line of ['EHLO gandalf', 'MAIL FROM:<plc@gandalf>', 'RCPT TO:<victim@elsewhere.example>']) await typeLine(page, line);
  await expect(page.getByRole('log')).toContainText('554 5.7.1 <victim@elsewhere.example>: Relay access denied');
  await page.getByRole('tab', { name: 'Exercises' }).click();
  await page.getByRole('radio', { name: /It is the MX of mydomain\.com only/ }).check();
  await expect(page.getByText(/Well done: every step holds/)).toBeVisible();
  await page.screenshot({ path: 'test-results/console-exercise-relay.png' });
  expect(errors).toEqual([]);
});
