/**
 * The languages the registry's opus-mt pairs cover, and how a pair is reached: directly, or
 * through English when there is no direct model (es → fr goes es → en → fr).
 */

export const LANGUAGES = { en: 'English', es: 'Spanish', fr: 'French', de: 'German' } as const;
export type Language = keyof typeof LANGUAGES;

/** The pivot language: every registry pair has English on one side. */
export const PIVOT: Language = 'en';

export function isLanguage(value: string): value is Language {
  return Object.hasOwn(LANGUAGES, value);
}

/** Registry id of the direct model for a pair (it may not exist). */
export function pairModelId(source: Language, target: Language): string {
  return `opus-mt-${source}-${target}`;
}

export interface RouteStep {
  source: Language;
  target: Language;
  modelId: string;
}

export interface Route {
  steps: RouteStep[];
  /** True when the route goes through English because there is no direct model. */
  pivot: boolean;
}

/**
 * The models a translation needs, given the ids the registry has: the direct pair when there
 * is one, else two steps through English. Null when neither exists (or source is target).
 */
export function planRoute(source: Language, target: Language, available: ReadonlySet<string>): Route | null {
  if (source === target) return null;
  const direct = pairModelId(source, target);
  if (available.has(direct)) return { steps: [{ source, target, modelId: direct }], pivot: false };
  if (source === PIVOT || target === PIVOT) return null;
  const first = pairModelId(source, PIVOT);
  const second = pairModelId(PIVOT, target);
  if (!available.has(first) || !available.has(second)) return null;
  return {
    steps: [
      { source, target: PIVOT, modelId: first },
      { source: PIVOT, target, modelId: second },
    ],
    pivot: true,
  };
}
