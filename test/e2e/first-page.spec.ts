import { expect, test } from './fixtures';

test('the first page shows the product name over a React Flow canvas, without console errors', async ({ page, errors }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Mailpath' })).toBeVisible();
  await expect(page.locator('.react-flow')).toBeVisible();
  // It opens on the seed scenario, ready to play: its hosts drawn, the clock at zero.
  await expect(page.locator('.react-flow__node-host')).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled();
  await page.screenshot({ path: 'test-results/first-page.png' });
  expect(errors).toEqual([]);
});
