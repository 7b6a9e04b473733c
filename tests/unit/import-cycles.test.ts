/**
 * No module imports itself back, directly or through others, in the app, the build, the bench
 * and the tests' helpers: a cycle makes evaluation order matter (WebKit even evaluates a module
 * worker's entry twice when a chunk imports it back) and makes a layer impossible to read alone.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, sourceFiles } from './import-graph';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);

describe('import cycles', () => {
  it('finds a cycle through several files and a file importing itself, and none in a tree', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
      ['f', ['d']],
    ]);
    expect(importCycles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
    expect(
      importCycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('reads static, dynamic, type-only and re-exporting imports', () => {
    const file = path.join(ROOT, 'src/worker/inference.worker.ts');
    const imports = importGraph([file])
      .get(file)!
      .map((f) => path.relative(ROOT, f));
    expect(imports).toContain('src/worker/harden.ts');
    expect(imports).toContain('src/worker/calls/models.ts');
    expect(imports).toContain('src/worker/types.ts');
    const types = path.join(ROOT, 'src/worker/types.ts');
    expect(
      importGraph([types])
        .get(types)!
        .map((f) => path.relative(ROOT, f)),
    ).toContain('src/worker/bridge-types.ts');
  });

  it('has none in the project', () => {
    const files = sourceFiles(ROOT, ['src', 'models', 'bench', 'scripts', 'tests']);
    expect(files.length).toBeGreaterThan(300);
    const cycles = importCycles(importGraph(files)).map((cycle) => cycle.map((f) => path.relative(ROOT, f)));
    expect(cycles).toEqual([]);
  });
});
