import { expect, type Page, test } from './fixtures';

const clock = (page: Page) => page.getByTestId('virtual-clock');
const mailbox = (page: Page, address: string) => page.locator(`[data-mailbox="${address}"]`);
const eventCount = (page: Page) => page.locator('.pb-events');

async function setTheme(page: Page, theme: 'light' | 'dark') {
  const current = await page.evaluate(() => document.documentElement.dataset.theme);
  if (current !== theme) await page.getByRole('button', { name: `Switch to ${theme} theme` }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

test.describe('the journey explorer', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`the seed scenario plays to delivery (${theme} theme)`, async ({ page, errors }) => {
      await page.goto('/');
      await setTheme(page, theme);
      await expect(page.getByRole('heading', { name: 'Mailpath' })).toBeVisible();
      await expect(page.getByLabel('Scenario')).toHaveValue('seed-basic');
      await expect(page.locator('.react-flow')).toBeVisible();
      await expect(page.locator('.gn-host')).toHaveCount(2);
      await expect(mailbox(page, 'pleclercq@mydomain.com')).toHaveAttribute('data-count', '0');
      await expect(clock(page)).toHaveText('0.000 s');

      await page.getByRole('button', { name: 'Play' }).click();
      // Mid-animation at 1x: the first command on the wire, as a labelled token.
      const helo = page.locator('.tok-label', { hasText: 'HELO gandalf' });
      await expect(helo).toBeVisible({ timeout: 10_000 });
      await page.screenshot({ path: `test-results/explorer-seed-${theme}-mid.png` });
      await expect(page.locator('.tok-label', { hasText: 'MAIL FROM:<plc@gandalf>' })).toBeVisible({ timeout: 10_000 });
      // Then 8x to the end.
      await page.getByLabel('Speed').selectOption('8');
      await expect(mailbox(page, 'pleclercq@mydomain.com')).toHaveAttribute('data-count', '1', { timeout: 30_000 });
      await expect(page.getByRole('button', { name: 'Replay' })).toBeVisible({ timeout: 15_000 });
      await expect(clock(page)).toHaveText('5.380 s');
      await expect(mailbox(page, 'pleclercq@mydomain.com')).toContainText('1 message');
      await page.screenshot({ path: `test-results/explorer-seed-${theme}-end.png` });
      expect(errors).toEqual([]);
    });
  }

  test('stepping back and forth lands on the same events', async ({ page, errors }) => {
    await page.goto('/');
    const step = page.getByRole('button', { name: 'Step', exact: true });
    const back = page.getByRole('button', { name: 'Step back' });
    const at = async () => `${await clock(page).textContent()} | ${await eventCount(page).textContent()}`;

    const seen: string[] = [await at()];
    for (let i = 0; i < 4; i++) {
      await step.click();
      seen.push(await at());
    }
    expect(new Set(seen).size).toBe(5);
    await back.click();
    expect(await at()).toBe(seen[3]);
    await back.click();
    expect(await at()).toBe(seen[2]);
    await step.click();
    expect(await at()).toBe(seen[3]);
    // The same with the keyboard: the arrows step, and do nothing while typing in a field.
    await page.locator('body').click({ position: { x: 5, y: 700 } });
    await page.keyboard.press('ArrowRight');
    expect(await at()).toBe(seen[4]);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await at()).toBe(seen[2]);
    // Paused on a step, the token stands still where its event put it: HELO just leaving gandalf.
    await expect(page.locator('.tok-label', { hasText: 'HELO gandalf' })).toBeVisible();
    await page.getByLabel('Speed').focus();
    await page.keyboard.press('ArrowLeft');
    expect(await at()).toBe(seen[2]);
    // The event list agrees with the clock.
    await page.getByRole('tab', { name: 'Events' }).click();
    await page.screenshot({ path: 'test-results/explorer-step.png' });
    // Space plays and pauses.
    await page.locator('body').click({ position: { x: 5, y: 700 } });
    await page.keyboard.press(' ');
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
    await page.keyboard.press(' ');
    await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('the scrubber moves virtual time, and going back is exact', async ({ page, errors }) => {
    await page.goto('/');
    const range = page.getByRole('slider', { name: 'Virtual time' });
    await range.fill('1000');
    await expect(clock(page)).toHaveText('5.380 s');
    await expect(mailbox(page, 'pleclercq@mydomain.com')).toHaveAttribute('data-count', '1');
    await range.fill('300');
    await expect(mailbox(page, 'pleclercq@mydomain.com')).toHaveAttribute('data-count', '0');
    await page.getByRole('button', { name: 'Restart' }).click();
    await expect(clock(page)).toHaveText('0.000 s');
    expect(errors).toEqual([]);
  });

  test('the address carries the scenario; a bad id says so and falls back without losing anything', async ({ page, errors }) => {
    await page.goto('/?scenario=no-such-thing&tab=transcript&speed=2');
    const notice = page.locator('.url-notice');
    await expect(notice).toContainText('no-such-thing');
    await expect(notice).toContainText('seed-basic');
    await expect(page.getByLabel('Scenario')).toHaveValue('seed-basic');
    // The rest of the address still applies.
    await expect(page.getByRole('tab', { name: 'Transcript' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByLabel('Speed')).toHaveValue('2');
    await expect(page).toHaveURL(/scenario=seed-basic/);
    await page.screenshot({ path: 'test-results/explorer-bad-scenario.png' });

    await page.getByLabel('Scenario').selectOption('two-providers');
    await expect(page).toHaveURL(/scenario=two-providers/);
    await expect(page.locator('.gn-resolver')).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Scenario')).toHaveValue('two-providers');
    await expect(page.locator('.url-notice')).toHaveCount(0);
    // Every preset is in the picker, by title and id.
    const options = await page.getByLabel('Scenario').locator('option').allTextContents();
    for (const id of ['seed-basic', 'seed-headers', 'two-providers', 'mx-failover', 'user-unknown', 'greylisting', 'relay-denied']) {
      expect(options.some((o) => o.endsWith(`· ${id}`))).toBe(true);
    }
    // The fragment form works too.
    await page.goto('/#scenario=greylisting');
    await expect(page.getByLabel('Scenario')).toHaveValue('greylisting');
    expect(errors).toEqual([]);
  });

  test('two providers: DNS side trip, tokens on every hop, delivery to Bob', async ({ page, errors }) => {
    await page.goto('/?scenario=two-providers&speed=8');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect(page.locator('.tok-label.tok-dns').first()).toBeVisible({ timeout: 20_000 });
    await page.screenshot({ path: 'test-results/explorer-two-providers-dns.png' });
    await expect(mailbox(page, 'bob@recipient.example')).toHaveAttribute('data-count', '1', { timeout: 30_000 });
    await expect(page.getByRole('button', { name: 'Replay' })).toBeVisible({ timeout: 15_000 });
    await page.screenshot({ path: 'test-results/explorer-two-providers-end.png' });
    expect(errors).toEqual([]);
  });

  test('greylisting: the deferral shows its retry clock, and the idle wait is skipped with a notice', async ({ page, errors }) => {
    await page.goto('/?scenario=greylisting&speed=4');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect(page.locator('.gn-defer')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('status').filter({ hasText: 'Skipping idle wait' })).toContainText(/retry in 30\d s/, { timeout: 10_000 });
    await page.screenshot({ path: 'test-results/explorer-greylisting-skip.png' });
    await expect(mailbox(page, 'bob@recipient.example')).toHaveAttribute('data-count', '1', { timeout: 30_000 });
    expect(errors).toEqual([]);
  });

  test('the message body travels as one envelope, over LMTP into the mailbox', async ({ page, errors }) => {
    await page.goto('/');
    const step = page.getByRole('button', { name: 'Step', exact: true });
    // The typed body waits at gandalf as one envelope until the lone "." sends it.
    const typed = page.locator('.tok-label.tok-envelope', { hasText: '1 line' });
    for (let i = 0; i < 40 && (await typed.count()) === 0; i++) await step.click();
    await expect(typed).toHaveCount(1);
    // Then the MX hands it over LMTP to its MDA: one envelope for the five lines (its Received header added).
    const lmtpEnvelope = page.locator('.tok-label.tok-envelope', { hasText: '5 lines' });
    for (let i = 0; i < 80 && (await lmtpEnvelope.count()) === 0; i++) await step.click();
    await expect(lmtpEnvelope).toHaveCount(1);
    await expect(page.locator('.tok-label', { hasText: 'Received' })).toHaveCount(0);
    await page.screenshot({ path: 'test-results/explorer-seed-envelope.png' });
    await step.click();
    await expect(mailbox(page, 'pleclercq@mydomain.com')).toHaveAttribute('data-count', '1');
    expect(errors).toEqual([]);
  });

  test('a bounce comes back as a red envelope', async ({ page, errors }) => {
    await page.goto('/?scenario=user-unknown');
    // Step to the DSN on its way: exact, so the screenshot is too.
    const step = page.getByRole('button', { name: 'Step', exact: true });
    for (let i = 0; i < 400; i++) {
      if ((await page.locator('.tok-label.tok-bounce').count()) > 0) break;
      await step.click();
    }
    await expect(page.locator('.tok-label.tok-bounce')).toContainText('bounce (DSN)');
    await expect(page.locator('.gn-bounce')).toBeVisible();
    await page.screenshot({ path: 'test-results/explorer-bounce.png' });
    expect(errors).toEqual([]);
  });

  test('reduced motion: tokens fade in at their endpoints instead of moving', async ({ page, errors }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('/');
    const step = page.getByRole('button', { name: 'Step', exact: true });
    await step.click();
    await step.click();
    const label = page.locator('.tok-label', { hasText: 'HELO gandalf' });
    await expect(label).toBeVisible();
    // Just sent: the mark already stands at the receiving end, faint, and will fade in as it travels.
    const mark = page.locator('g.tok-command');
    expect(Number(await mark.getAttribute('opacity'))).toBeLessThan(0.5);
    const box = await mark.boundingBox();
    const server = await page.locator('.gn-host[data-host="mailserver.mydomain.com"]').boundingBox();
    expect(Math.abs(box!.x + box!.width / 2 - server!.x)).toBeLessThan(24);
    await page.screenshot({ path: 'test-results/explorer-reduced-motion.png' });
    expect(errors).toEqual([]);
  });

  test('the theme follows the system, and a choice is kept', async ({ page, errors }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    // The side panel can make way for the graph, and the graph refits.
    await page.getByRole('button', { name: 'Hide panel' }).click();
    await expect(page.getByRole('tablist')).toHaveCount(0);
    await page.getByRole('button', { name: 'Show panel' }).click();
    await expect(page.getByRole('tab', { name: 'Events' })).toBeVisible();
    expect(errors).toEqual([]);
  });
});
