import { PageHeader } from '../components/PageHeader';

export function NotFound() {
  return (
    <>
      <PageHeader title="Page not found">
        There is no page at this address. Everything Offgrid does is reachable from the menu.
      </PageHeader>
      <p>
        <a class="button primary" href="/">
          Go to the home page
        </a>
      </p>
    </>
  );
}
