/**
 * The size suite's result (bench/suites/size.mjs): the app shell's JavaScript on `/`, gzipped,
 * against its goal, and the step at which each ML runtime is first requested.
 */

/** One JavaScript file of the build, and the runtimes (tfjs, onnxruntime-web) its code holds. */
export interface SizeChunk {
  file: string;
  bytes: number;
  gzipBytes: number;
  runtimes: string[];
}

/** What one step of the visit requested for the first time. */
export interface SizeStep {
  step: string;
  requests: string[];
  js: string[];
  jsGzipBytes: number;
  runtimes: string[];
  /** Engine files under /runtime/ (WebAssembly, onnxruntime-web's module). */
  runtimeFiles: string[];
}

export interface SizeSuiteResult {
  suite: 'size';
  backends: string[];
  build: string;
  gzip: string;
  shell: { js: string[]; jsBytes: number; jsGzipBytes: number; goalGzipBytes: number; withinGoal: boolean };
  runtimeChunks: SizeChunk[];
  /** Runtimes whose code the page requested on `/`: none is the goal. */
  runtimesOnHome: string[];
  steps: SizeStep[];
  chunks: SizeChunk[];
}
