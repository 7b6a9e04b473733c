import { PageHeader } from '../components/PageHeader';
import { Icon } from '../components/Icon';
import { BackendCheck } from '../components/BackendCheck';
import { InferenceDebug } from '../components/InferenceDebug';

const SUITES = [
  ['Face', 'Model time against the whole frame, per backend, and sustained frames per second.'],
  ['Start-up', 'Time to the first face result, on a first visit and when installed and offline.'],
  ['Health', 'What the heart-rate step costs on top of the face model, per frame.'],
  ['Translation', 'Time to the first word and words per second.'],
  ['Quantization', 'Size, speed and accuracy of the float32, float16 and int8 variants.'],
] as const;

export function Bench() {
  return (
    <>
      <PageHeader title="Benchmarks" icon="bench">
        How fast each model runs on this device, on each backend: WebGPU, WebGL and WebAssembly. Results stay
        in this browser.
      </PageHeader>
      <section class="card" aria-labelledby="backends-heading">
        <h2 id="backends-heading">Backends on this device</h2>
        <BackendCheck />
      </section>
      {new URLSearchParams(location.search).has('debug') && <InferenceDebug />}
      <section class="card" aria-labelledby="suites-heading">
        <h2 id="suites-heading">Suites</h2>
        <ul class="suite-list">
          {SUITES.map(([name, text]) => (
            <li key={name}>
              <Icon name="cpu" size={20} />
              <span>
                <strong>{name}</strong>
                <span class="muted block">{text}</span>
              </span>
            </li>
          ))}
        </ul>
        <p class="notice" role="note">
          <Icon name="download" size={18} />
          <span>A suite can run once the models it measures are stored on this device.</span>
        </p>
      </section>
    </>
  );
}
