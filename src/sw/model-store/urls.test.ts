import { describe, expect, it } from 'vitest';
import type { ModelFile } from '../../shared/model-registry';
import { resolveUrl } from './urls';

const file = (url: string): ModelFile => ({ path: 'model.onnx', url, bytes: 1, sha256: '0'.repeat(64) });
const ORIGIN = 'https://offgrid.example';

describe('resolveUrl', () => {
  it('keeps bundled files on the app origin and moves canonical ones to the configured host', () => {
    expect(resolveUrl(file('/models/a/1/fp32/model.bin'), 'https://huggingface.co', ORIGIN)).toBe(
      'https://offgrid.example/models/a/1/fp32/model.bin',
    );
    expect(
      resolveUrl(
        file('https://huggingface.co/org/m/resolve/abc/model.onnx'),
        'https://mirror.example/hf',
        ORIGIN,
      ),
    ).toBe('https://mirror.example/hf/org/m/resolve/abc/model.onnx');
  });

  it('refuses a file on a host the registry does not list, naming the file and the configured host', () => {
    for (const host of ['https://huggingface.co', 'https://evil.example'])
      expect(() =>
        resolveUrl(file('https://evil.example/org/m/resolve/abc/model.onnx'), host, ORIGIN),
      ).toThrow(
        expect.objectContaining({
          code: 'model/unlisted-host',
          message: `Refused to download https://evil.example/org/m/resolve/abc/model.onnx: its host is not the model host set in Settings (${host}).`,
        }) as Error,
      );
  });
});
