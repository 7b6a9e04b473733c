/** What the two halves of staging share (models/stage.ts, models/stage-tfjs.ts). */
import type { QuantizeTarget } from './tfjs-quantize.ts';

export const SOURCE_PRECISIONS = ['fp32', 'fp16'] as const;
export type SourcePrecision = (typeof SOURCE_PRECISIONS)[number];

/** Same rule as the registry's file paths: relative, no "..". */
export const SAFE_PATH = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._/-]+$/;

export type Json = Record<string, unknown>;

export interface StagePlan {
  readonly files: readonly string[];
  readonly precision: SourcePrecision;
  readonly quantize: readonly QuantizeTarget[];
  readonly packageDir: string;
}

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
