/**
 * Runs before uPlot's module body (src/app/components/uplot.ts imports it first): uPlot builds
 * `new Intl.NumberFormat(navigator.language)` while it loads, which throws a RangeError when the
 * browser reports a POSIX locale such as `C` (WebKit started with LANG=C), and that error would
 * fail the whole Health or Bench route. An invalid navigator.language is shadowed with a valid
 * one (see guardNavigatorLanguage); a valid one is never touched.
 */
import { guardNavigatorLanguage } from '../../shared/locale';

if (typeof navigator !== 'undefined') guardNavigatorLanguage(navigator);
