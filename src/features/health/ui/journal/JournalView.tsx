/** The journal: trend charts, the list of measurements, export, import and delete. */
export function JournalView() {
  return <section class="card" data-testid="journal" aria-label="Journal" />;
}
