import { expect, test } from './fixtures';

test('selecting a row of the event list seeks to it and lights the route it travelled', async ({ page, errors }) => {
  await page.goto('/?scenario=two-providers');
  await expect(page.locator('.react-flow')).toBeVisible();
  await expect(page.locator('.react-flow__edge-path.is-selected')).toHaveCount(0);
  // Step through the submission, the relay and the DNS lookup, one event at a time.
  for (let i = 0; i < 120; i++) await page.keyboard.press('ArrowRight');
  // Only DNS rows, so the one wanted is in the list's window.
  for (const kind of [/SMTP lines/, /Queue/, /Delivery/, /Bounce/, /Connection/]) await page.getByRole('checkbox', { name: kind }).uncheck();
  const dnsRow = page.getByRole('option').filter({ hasText: 'MX 10 mx.recipient.example' }).first();
  await expect(dnsRow).toBeVisible();
  await dnsRow.click();
  await expect(dnsRow).toHaveAttribute('aria-selected', 'true');
  // The DNS answer travelled between the MTA and the resolver: that edge, and only it, is lit.
  const lit = page.locator('.react-flow__edge-path.is-selected');
  await expect(lit).toHaveCount(1);
  await expect(page.locator('.react-flow__edge-path.route-dns.is-selected')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/explorer-select-dns.png' });
  expect(errors).toEqual([]);
});
