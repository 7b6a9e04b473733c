/**
 * The translation suite's result as the Bench page's rows: per backend that ran, the time to the
 * first token and the decoding rate; a backend that failed becomes a note.
 */
import { msRow as ms, type DeviceResult, type ResultRow } from './device-result';
import type { TranslateSuiteResult } from './translate-suite';

/** Rows and notes of the translation suite on the pair `pair`, engine after engine. */
export function translateRows(
  pair: string,
  result: Pick<TranslateSuiteResult, 'engines'>,
): Pick<DeviceResult, 'rows' | 'notes'> {
  const rows: ResultRow[] = [];
  const notes: string[] = [];
  for (const engine of result.engines) {
    if (engine.error) notes.push(`${engine.backend}: ${engine.error}`);
    if (engine.samples.length === 0) continue;
    rows.push(ms(`${pair}, first token`, engine.ranOn, engine.firstTokenMs), {
      metric: `${pair}, decoding`,
      backend: engine.ranOn,
      unit: 'tokens/s',
      lowerIsBetter: false,
      summary: engine.tokensPerSecond,
    });
  }
  return { rows, notes };
}
