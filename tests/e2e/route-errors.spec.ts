/**
 * A page whose code cannot load shows why inside the shell, and the rest of the app keeps working;
 * a browser reporting a POSIX locale (WebKit under LANG=C says `C`) still renders the chart pages.
 */
import { expect, test, type Page } from '@playwright/test';
import { NAV_ROUTES, routeTitle } from '../../src/app/routes';
import { ROUTES } from './helpers';

const HEALTH = ROUTES.find((route) => route.path === '/health')!;
const BENCH = ROUTES.find((route) => route.path === '/bench')!;
const SETTINGS = ROUTES.find((route) => route.path === '/settings')!;

/** Errors thrown on the page, uncaught. */
function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
  return errors;
}

/** A lazily loaded page's own chunk, named after its module `<Label>Page` (src/app/App.tsx). */
const chunkOf = (label: string) => `**/assets/${label}Page-*.js`;
const HEALTH_CHUNK = chunkOf('Health');

const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const navLink = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

test.describe('a page that fails to load', () => {
  // Requests must reach page.route(), not the service worker's precache.
  test.use({ serviceWorkers: 'block' });

  test('a chunk that cannot be fetched shows the reason, and the menu still works', async ({ page }) => {
    await page.route(HEALTH_CHUNK, (route) => route.abort());
    await page.goto('/health');

    await expect(heading(page)).toHaveText(HEALTH.heading);
    await expect(page.getByRole('alert')).toContainText('This page could not load: ');
    await expect(page.getByRole('button', { name: 'Reload' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

    await navLink(page, 'Settings').click();
    await expect(heading(page)).toHaveText(SETTINGS.heading);
    await expect(page.getByTestId('route-error')).toHaveCount(0);

    // Reload tries again; with the chunk reachable the page loads.
    await navLink(page, 'Health').click();
    await expect(page.getByTestId('route-error')).toBeVisible();
    await page.unroute(HEALTH_CHUNK);
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect(heading(page)).toHaveText(HEALTH.heading);
    await expect(page.getByRole('tab').first()).toBeVisible();
    await expect(page.getByTestId('route-error')).toHaveCount(0);
  });

  test('a module that throws as it loads shows its error; other pages are unaffected', async ({ page }) => {
    const errors = collectPageErrors(page);
    await page.route(HEALTH_CHUNK, (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: 'throw new RangeError("Incorrect locale information provided");',
      }),
    );
    await page.goto('/');
    await expect(heading(page)).toHaveText(ROUTES[0].heading);

    await navLink(page, 'Health').click();
    await expect(page).toHaveURL(/\/health$/);
    await expect(page.getByRole('alert')).toHaveText(
      'This page could not load: Incorrect locale information provided',
    );
    await expect(heading(page)).toHaveText(HEALTH.heading);

    await navLink(page, 'Bench').click();
    await expect(heading(page)).toHaveText(BENCH.heading);
    await expect(page.getByTestId('route-error')).toHaveCount(0);
    // The failure was shown, not thrown at the page. (Blocking service workers makes workbox-window
    // throw on its own; that is not what this test is about.)
    expect(errors.filter((error) => error.includes('locale'))).toEqual([]);
  });
});

test.describe('every page that throws as its module loads blanks only itself', () => {
  test.use({ serviceWorkers: 'block' });

  for (const route of NAV_ROUTES) {
    test(`${route.label}: the error names the page and the reason; the menu and another page still work`, async ({
      page,
    }) => {
      const errors = collectPageErrors(page);
      const reason = `${route.label} module failed to initialise`;
      await page.route(chunkOf(route.label), (routed) =>
        routed.fulfill({
          contentType: 'text/javascript',
          body: `throw new Error(${JSON.stringify(reason)});`,
        }),
      );
      await page.goto('/');
      await expect(heading(page)).toHaveText(ROUTES[0].heading);

      await navLink(page, route.label).click();
      await expect(page).toHaveURL(new RegExp(`${route.path}$`));
      const failure = page.getByTestId('route-error');
      await expect(failure.getByRole('alert')).toHaveText(`This page could not load: ${reason}`);
      await expect(heading(page)).toHaveText(routeTitle(route.path));
      await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

      // Another page renders in full, and coming back still says why.
      const other = ROUTES.find((r) => r.path !== '/' && r.path !== route.path)!;
      await navLink(page, NAV_ROUTES.find((r) => r.path === other.path)!.label).click();
      await expect(heading(page)).toHaveText(other.heading);
      await expect(failure).toHaveCount(0);
      await navLink(page, route.label).click();
      await expect(failure.getByRole('alert')).toHaveText(`This page could not load: ${reason}`);
      expect(errors.filter((error) => error.includes(reason))).toEqual([]);
    });
  }
});

test.describe('a browser that reports a POSIX locale', () => {
  test.beforeEach(async ({ page }) => {
    // What WebKit reports when started with LANG=C.
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'language', { configurable: true, get: () => 'C' });
    });
  });

  test('Health and Bench render', async ({ page }) => {
    const errors = collectPageErrors(page);
    await page.goto('/');
    // The condition being guarded against: this engine refuses `C` as a locale.
    const refused = await page.evaluate(() => {
      try {
        new Intl.NumberFormat(navigator.language);
        return null;
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(refused).toBe('RangeError');

    for (const route of [HEALTH, BENCH]) {
      await page.goto(route.path);
      await expect(heading(page)).toHaveText(route.heading);
      await expect(page.getByTestId('route-error')).toHaveCount(0);
    }
    // uPlot loaded with a valid locale in place of `C`.
    expect(await page.evaluate(() => navigator.language)).toBe('en');
    expect(errors).toEqual([]);
  });
});
