import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { ROUTES, saveScreenshot } from './helpers';

test.describe('app shell', () => {
  for (const route of ROUTES) {
    test(`${route.path} renders, is accessible, and is screenshotted`, async ({ page }, testInfo) => {
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));

      await page.goto(route.path);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(route.heading);
      await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
      await expect(page).toHaveTitle(/Offgrid/);
      // Let probes and lazy content settle before judging the page.
      await page.waitForLoadState('networkidle');

      const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);

      await saveScreenshot(page, testInfo, route.name);
      expect(problems).toEqual([]);
    });
  }

  test('dark theme follows the system and keeps contrast', async ({ page }, testInfo) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const route of [ROUTES[0], ROUTES[6]]) {
      await page.goto(route.path);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(route.heading);
      await page.waitForLoadState('networkidle');
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe('rgb(15, 20, 18)');
      const axe = await new AxeBuilder({ page }).withTags(['wcag2aa']).analyze();
      expect(axe.violations.map((v) => v.id)).toEqual([]);
      await saveScreenshot(page, testInfo, `${route.name}-dark`);
    }
  });

  test('client-side navigation moves focus to the new page', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
    await expect(page.locator('#main')).toBeFocused();
    await expect(page).toHaveTitle('Settings · Offgrid');
  });

  test('keyboard users reach a skip link first', async ({ page, browserName }, testInfo) => {
    test.skip(testInfo.project.name === 'phone', 'no hardware keyboard on the phone profile');
    expect(browserName).toBe('chromium');
    await page.goto('/face');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('#main')).toBeFocused();
  });

  test('an unknown path shows a helpful not-found page', async ({ page }) => {
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await page.getByRole('link', { name: 'Go to the home page' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ROUTES[0].heading);
  });
});
