/**
 * Proves the ESLint rules that hold the import boundaries actually fire: each case lints a
 * one-line file at a path inside a layer and expects (or not) a no-restricted-imports error.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function restrictedImports(code: string, filePath: string): Promise<number> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
}

describe('import boundaries', () => {
  it.each([
    ['worker code importing the UI', "import { App } from '../app/App';", 'src/worker/engine.ts'],
    ['feature worker importing preact', "import { h } from 'preact';", 'src/features/face/worker/decode.ts'],
    ['the service worker importing the UI', "import { App } from '../app/App';", 'src/sw/model-route.ts'],
    [
      'shared code importing the worker',
      "import { x } from '../worker/engine';",
      'src/features/face/shared/types.ts',
    ],
    ['shared code importing an ML engine', "import * as ort from 'onnxruntime-web';", 'src/shared/thing.ts'],
    [
      'UI importing a worker value',
      "import { run } from '../../worker/engine';",
      'src/app/pages/ModelsPage.tsx',
    ],
    ['UI importing an ML engine', "import * as tf from '@tensorflow/tfjs';", 'src/features/face/ui/View.tsx'],
    [
      'UI importing uPlot past its locale guard',
      "import uPlot from 'uplot';",
      'src/features/bench/ui/Chart.tsx',
    ],
  ])('rejects %s', async (_case, code, path) => {
    expect(await restrictedImports(code, path)).toBe(1);
  });

  it.each([
    [
      'UI taking only types from the worker',
      "import type { Api } from '../../worker/engine';",
      'src/app/pages/ModelsPage.tsx',
    ],
    [
      'UI importing shared code',
      "import { formatBytes } from '../../shared/format';",
      'src/app/pages/ModelsPage.tsx',
    ],
    [
      'UI importing the guarded uPlot',
      "import uPlot from '../../../app/components/uplot';",
      'src/features/bench/ui/Chart.tsx',
    ],
    [
      'the worker importing shared code',
      "import { formatBytes } from '../shared/format';",
      'src/worker/engine.ts',
    ],
  ])('allows %s', async (_case, code, path) => {
    expect(await restrictedImports(code, path)).toBe(0);
  });
});
