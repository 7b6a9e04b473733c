/**
 * The charts' colours and font, read from the app's theme variables (src/app/styles.css) so a
 * canvas, which cannot use CSS variables, matches the page in light and dark mode.
 */
import { useEffect, useState } from 'preact/hooks';

export interface ChartTheme {
  line: string;
  /** The line's colour, faint, under the line; undefined when the colour is not plain hex. */
  area: string | undefined;
  axis: string;
  grid: string;
  font: string;
}

const AREA_ALPHA = 0.14;
const AXIS_FONT_PX = 12;
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The theme in force at `element`. */
export function readChartTheme(element: Element): ChartTheme {
  const style = getComputedStyle(element);
  const variable = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const line = variable('--accent', '#0b7553');
  return {
    line,
    area: withAlpha(line, AREA_ALPHA),
    axis: variable('--muted', '#4f5f57'),
    grid: variable('--border', '#d5dfd9'),
    font: `${AXIS_FONT_PX}px ${style.fontFamily || 'system-ui, sans-serif'}`,
  };
}

/** `#rgb` or `#rrggbb` as rgba() with `alpha`; undefined for any other colour syntax. */
export function withAlpha(color: string, alpha: number): string | undefined {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color)?.[1];
  if (hex === undefined) return undefined;
  const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((offset) => parseInt(full.slice(offset, offset + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** True while the system is in dark mode; changes with it, so charts can redraw in the new colours. */
export function useDarkMode(): boolean {
  const [dark, setDark] = useState(() => matchMedia(DARK_QUERY).matches);
  useEffect(() => {
    const query = matchMedia(DARK_QUERY);
    const update = () => setDark(query.matches);
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return dark;
}
