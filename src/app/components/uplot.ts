/**
 * The one place the app imports uPlot: the locale guard must evaluate before uPlot's module body,
 * so it is the first import here and chart code imports uPlot from this module.
 */
import './uplot-locale';
// eslint-disable-next-line no-restricted-imports -- the guarded import every chart goes through
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export default uPlot;

/**
 * Draws a chart into `target` at the container's width and keeps it that width as the container
 * changes (phone rotation, the sidebar appearing, a resized window). Returns the clean-up, for a
 * useEffect to return.
 */
export function mountPlot(
  target: HTMLElement,
  options: (width: number) => uPlot.Options,
  data: uPlot.AlignedData,
): () => void {
  const width = () => Math.max(1, Math.floor(target.clientWidth));
  const plot = new uPlot(options(width()), data, target);
  const resize = new ResizeObserver(() => {
    if (plot.width !== width()) plot.setSize({ width: width(), height: plot.height });
  });
  resize.observe(target);
  return () => {
    resize.disconnect();
    plot.destroy();
  };
}
