import type { ComponentChildren } from 'preact';
import { PageHeader } from '../components/PageHeader';
import { Icon } from '../components/Icon';
import { InstallApp } from '../components/InstallApp';
import { NAV_ROUTES, type RouteInfo } from '../routes';

const DEMOS = [
  {
    path: '/face',
    blurb: 'Find faces in the camera or a photo, draw them live, and blur them before you share.',
  },
  {
    path: '/translate',
    blurb: 'Translate typed text or speech between English, Spanish, French and German.',
  },
  {
    path: '/health',
    blurb: 'Heart rate and breathing from the camera, exercise reps, and a private journal.',
  },
] as const;

const TOOLS = [
  { path: '/models', blurb: 'What is stored, its size and licence.' },
  { path: '/bench', blurb: 'Measure speed on this device.' },
  { path: '/settings', blurb: 'Backends, storage and what this device can do.' },
] as const;

const routeFor = (path: string) => NAV_ROUTES.find((route) => route.path === path)!;

interface RouteCardsProps {
  title: string;
  /** The grid's class. */
  grid: string;
  cardClass: string;
  links: readonly { path: string; blurb: string }[];
  /** What one card holds, from its route and blurb. */
  children: (route: RouteInfo, blurb: string) => ComponentChildren;
}

/** A titled grid of link cards, one per route, in the order given. */
function RouteCards({ title, grid, cardClass, links, children }: RouteCardsProps) {
  return (
    <>
      <h2 class="section-title">{title}</h2>
      <div class={grid}>
        {links.map(({ path, blurb }) => (
          <a class={cardClass} href={path} key={path}>
            {children(routeFor(path), blurb)}
          </a>
        ))}
      </div>
    </>
  );
}

export function Home() {
  return (
    <>
      <PageHeader title="AI that stays on your device">
        Offgrid runs its models inside this browser tab. What your camera sees, what your microphone hears and
        what you type is processed here and never uploaded.
      </PageHeader>
      <InstallApp />

      <section class="card privacy" aria-labelledby="privacy-heading">
        <h2 id="privacy-heading">
          <Icon name="shield" /> Your data, your device
        </h2>
        <div class="grid two tight">
          <div>
            <h3>Runs here</h3>
            <ul class="checklist">
              <li>
                <Icon name="check" size={18} />
                Every model: face, speech, translation, pulse
              </li>
              <li>
                <Icon name="check" size={18} />
                Camera and microphone processing
              </li>
              <li>
                <Icon name="check" size={18} />
                Your health journal, stored in this browser
              </li>
            </ul>
          </div>
          <div>
            <h3>Never leaves it</h3>
            <ul class="checklist">
              <li>
                <Icon name="check" size={18} />
                Video frames, photos and audio
              </li>
              <li>
                <Icon name="check" size={18} />
                Text you translate and its results
              </li>
              <li>
                <Icon name="check" size={18} />
                Measurements, history and settings
              </li>
            </ul>
          </div>
        </div>
        <p class="fine">
          The only network traffic is downloading model files you ask for, from the model host set in
          Settings, each checked against its SHA-256 fingerprint. Once installed, Offgrid works with the
          network off.
        </p>
      </section>

      <RouteCards title="Demos" grid="grid three" cardClass="card link-card" links={DEMOS}>
        {(route, blurb) => (
          <>
            <span class="card-icon">
              <Icon name={route.icon} />
            </span>
            <h3>{route.title}</h3>
            <p>{blurb}</p>
            <span class="card-go" aria-hidden="true">
              <Icon name="arrow" size={18} />
            </span>
          </>
        )}
      </RouteCards>

      <RouteCards title="Tools" grid="grid three compact" cardClass="card link-card row" links={TOOLS}>
        {(route, blurb) => (
          <>
            <span class="card-icon small">
              <Icon name={route.icon} size={20} />
            </span>
            <span>
              <strong>{route.title}</strong>
              <span class="muted block">{blurb}</span>
            </span>
          </>
        )}
      </RouteCards>
    </>
  );
}
