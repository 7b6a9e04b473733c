import { describe, expect, it } from 'vitest';
import { planRoute } from './languages';

const registry = new Set([
  'opus-mt-en-es',
  'opus-mt-es-en',
  'opus-mt-en-fr',
  'opus-mt-fr-en',
  'opus-mt-en-de',
  'opus-mt-de-en',
]);

describe('planRoute', () => {
  it('uses a direct model when the registry has one', () => {
    expect(planRoute('en', 'de', registry)).toEqual({
      steps: [{ source: 'en', target: 'de', modelId: 'opus-mt-en-de' }],
      pivot: false,
    });
  });

  it('pivots through English when there is no direct model', () => {
    expect(planRoute('es', 'fr', registry)).toEqual({
      steps: [
        { source: 'es', target: 'en', modelId: 'opus-mt-es-en' },
        { source: 'en', target: 'fr', modelId: 'opus-mt-en-fr' },
      ],
      pivot: true,
    });
  });

  it('gives no route for the same language or a missing model', () => {
    expect(planRoute('en', 'en', registry)).toBeNull();
    expect(planRoute('es', 'fr', new Set(['opus-mt-es-en']))).toBeNull();
    expect(planRoute('en', 'fr', new Set())).toBeNull();
  });
});
