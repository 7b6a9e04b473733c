// @ts-check
/** Table formatting shared by the suites' markdown rows. */

/** @param {number} value @param {number} digits */
export const fmt = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/** @param {any} s a Summary @param {number} digits */
export const spread = (s, digits = 0) => (s.runs > 1 ? `${fmt(s.p10, digits)}–${fmt(s.p90, digits)}` : '–');
