import { Icon } from '../Icon';

export interface DemoPlanProps {
  /** What the demo does, one line each. */
  features: readonly string[];
  /** Models it runs, by name. */
  models: readonly string[];
  /** What it takes from the device (camera, microphone…), and what stays on it. */
  inputs: string;
}

/**
 * The demo's plan and privacy promise, shown while the demo's models are not on this
 * device yet. Says plainly that nothing runs until they are.
 */
export function DemoPlan({ features, models, inputs }: DemoPlanProps) {
  return (
    <div class="grid two">
      <section class="card" aria-labelledby="demo-features">
        <h2 id="demo-features">What it does</h2>
        <ul class="checklist">
          {features.map((feature) => (
            <li key={feature}>
              <Icon name="check" size={18} />
              {feature}
            </li>
          ))}
        </ul>
      </section>
      <section class="card" aria-labelledby="demo-privacy">
        <h2 id="demo-privacy">Stays on this device</h2>
        <p>{inputs}</p>
        <h3>Models</h3>
        <ul class="tags">
          {models.map((model) => (
            <li key={model}>{model}</li>
          ))}
        </ul>
        <p class="notice" role="note">
          <Icon name="download" size={18} />
          <span>
            This demo starts once its models are stored on this device. See <a href="/models">Models</a> for
            what is stored.
          </span>
        </p>
      </section>
    </div>
  );
}
