/**
 * The translation tests' model registry and host: every manifest of models/manifests, except
 * that the remote opus-mt pairs and whisper-tiny point at the project's tiny stand-ins
 * (tests/fixtures/models/tiny, made by models/tiny) — same repos, revisions and file paths,
 * with the tiny files' sizes and SHA-256. The host folder serves them in the Hugging Face
 * layout (<repo>/resolve/<revision>/<path>), as the real host would.
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from './helpers';

export const TINY_DIR = join(PROJECT_ROOT, 'tests/fixtures/models/tiny');
const MANIFESTS_DIR = join(PROJECT_ROOT, 'models/manifests');

/** The parts of a manifest this rewrites (the rest is copied as it is). */
interface Manifest {
  id: string;
  source: { kind: string; repo?: string; revision?: string };
  variants: { files: { path: string; bytes: number; sha256: string }[] }[];
}

type Sizes = Record<string, { path: string; bytes: number; sha256: string }[]>;

/** Writes the manifests into `manifestsDir` and the tiny files under `hostRoot`; returns the ids replaced. */
export function writeTranslateFixtures(hostRoot: string, manifestsDir: string): string[] {
  const sizes = JSON.parse(readFileSync(join(TINY_DIR, 'manifest-sizes.json'), 'utf8')) as Sizes;
  mkdirSync(manifestsDir, { recursive: true });
  const replaced: string[] = [];
  for (const name of readdirSync(MANIFESTS_DIR).filter((n) => n.endsWith('.json'))) {
    const manifest = JSON.parse(readFileSync(join(MANIFESTS_DIR, name), 'utf8')) as Manifest;
    const tiny = sizes[manifest.id];
    const { repo, revision } = manifest.source;
    if (tiny && repo && revision) {
      for (const variant of manifest.variants) {
        variant.files = variant.files.map((file) => {
          const stand = tiny.find((t) => t.path === file.path);
          if (!stand) throw new Error(`The tiny ${manifest.id} has no ${file.path}.`);
          const target = join(hostRoot, repo, 'resolve', revision, file.path);
          mkdirSync(dirname(target), { recursive: true });
          copyFileSync(join(TINY_DIR, manifest.id, file.path), target);
          return { ...file, bytes: stand.bytes, sha256: stand.sha256 };
        });
      }
      replaced.push(manifest.id);
    }
    writeFileSync(join(manifestsDir, name), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return replaced;
}
