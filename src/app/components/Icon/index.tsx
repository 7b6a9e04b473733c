/** Self-drawn 24×24 stroke icons, inlined so no icon font or CDN is ever requested. */
const PATHS = {
  face: 'M4 8V5a1 1 0 0 1 1-1h3M16 4h3a1 1 0 0 1 1 1v3M20 16v3a1 1 0 0 1-1 1h-3M8 20H5a1 1 0 0 1-1-1v-3M9 10v.5M15 10v.5M9 15c1.7 1.3 4.3 1.3 6 0',
  translate: 'M3 5h9M7.5 3v2M10 5c-.8 4-3 7-6 8.5M5.5 8.5c1.2 2.2 3 3.8 5.5 4.7M13 21l4-9 4 9M14.4 18h5.2',
  health:
    'M12 20s-7.5-4.4-8.6-9.6C2.7 7.2 4.7 4.5 7.6 4.5c1.9 0 3.4 1.1 4.4 2.6 1-1.5 2.5-2.6 4.4-2.6 2.9 0 4.9 2.7 4.2 5.9C19.5 15.6 12 20 12 20ZM3.5 12h4l1.5-2.5 2.5 5 2-3.5h7',
  models: 'M12 3 20 7.5v9L12 21l-8-4.5v-9L12 3ZM4 7.5l8 4.5 8-4.5M12 12v9',
  bench: 'M4.5 17a7.5 7.5 0 1 1 15 0M12 17l3.5-4.5M3 20h18',
  settings: 'M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1M15 4v4M9 10v4M17 16v4',
  shield: 'M12 3 19.5 6v5.5c0 4.6-3.2 8.4-7.5 9.5-4.3-1.1-7.5-4.9-7.5-9.5V6L12 3ZM8.8 12.2l2.2 2.2 4.3-4.6',
  offline:
    'M3 3l18 18M8.5 8.7A9 9 0 0 0 5 11M2 8a14 14 0 0 1 4-2.6M10.7 5.1A14 14 0 0 1 22 8M16.2 11.4c1 .5 2 1.1 2.8 1.8M8.5 14.5a5 5 0 0 1 6.4-.3M12 19h.01',
  check: 'M4.5 12.5 9.5 17.5 19.5 7',
  cpu: 'M7 7h10v10H7zM10 3v2M14 3v2M10 19v2M14 19v2M3 10h2M3 14h2M19 10h2M19 14h2',
  download: 'M12 4v11M7.5 10.5 12 15l4.5-4.5M5 20h14',
  arrow: 'M5 12h14M13 6l6 6-6 6',
  refresh: 'M20 11a8 8 0 1 0-2.3 5.7M20 5v6h-6',
  camera: 'M4 8h3l1.5-2.5h7L17 8h3v11H4zM12 16.5a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7Z',
  image: 'M4 5h16v14H4zM4 16l4.5-4.5 3.5 3.5 2.5-2.5L20 18M15.5 9.5h.01',
  stop: 'M7 7h10v10H7z',
  switch: 'M4 9h13l-3.5-3.5M20 15H7l3.5 3.5',
  speaker: 'M4 9.5h3.5L12 5.5v13l-4.5-4H4zM15.5 9a4 4 0 0 1 0 6M18 6.5a7.5 7.5 0 0 1 0 11',
  // The iOS Share button: a box with an arrow out of its top.
  share: 'M12 3.5v11M8.5 7 12 3.5 15.5 7M8 10H5.5v10.5h13V10H16',
} as const;

export type IconName = keyof typeof PATHS;

interface IconProps {
  name: IconName;
  size?: number;
  /** When set, the icon is announced; otherwise it is decorative. */
  label?: string;
}

export function Icon({ name, size = 24, label }: IconProps) {
  return (
    <svg
      class="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
      stroke-linejoin="round"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : 'true'}
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
