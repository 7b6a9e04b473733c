import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PROJECT,
  THIRD_PARTY_FILE,
  productionPackages,
  registryModels,
  renderThirdParty,
} from '../../scripts/third-party.mjs';

const text = readFileSync(join(PROJECT, THIRD_PARTY_FILE), 'utf8');
const rows = text.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| ---'));
const cells = (line: string) => line.split(' | ').map((cell) => cell.replace(/^\| |\s*\|$/g, '').trim());

describe(THIRD_PARTY_FILE, () => {
  it('lists every package of the production tree with its version and a licence', () => {
    const listed = rows.map(cells);
    for (const { name, version } of productionPackages()) {
      const row = listed.find(([n, v]) => n === name && v === version);
      expect(row, `${name}@${version} is missing from ${THIRD_PARTY_FILE}`).toBeDefined();
      expect(row![2], `${name}@${version} has no licence`).toMatch(/^[A-Za-z0-9.+\-() ]+$/);
      expect(row![2]).not.toBe('UNKNOWN');
    }
  });

  it('lists every model of the registry with its licence', () => {
    const listed = rows.map(cells);
    for (const model of registryModels()) {
      const row = listed.find(([id, , version]) => id === model.id && version === model.version);
      expect(row, `model ${model.id} is missing from ${THIRD_PARTY_FILE}`).toBeDefined();
      expect(row![3]).toBe(model.license);
    }
  });

  it('is what scripts/third-party.mjs writes today (run it after changing dependencies or manifests)', () => {
    expect(text).toBe(renderThirdParty());
  });
});
