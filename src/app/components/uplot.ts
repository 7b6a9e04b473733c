/**
 * The one place the app imports uPlot: the locale guard must evaluate before uPlot's module body,
 * so it is the first import here and chart code imports uPlot from this module.
 */
import './uplot-locale';
// eslint-disable-next-line no-restricted-imports -- the guarded import every chart goes through
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export default uPlot;
