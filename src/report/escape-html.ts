/**
 * HTML escaping lives with every other output escape in src/util/escape.ts; src/report/html.ts imports it from
 * here, so this re-export stays until the report work in progress imports util/escape.js directly.
 */
export { escapeHtml } from '../util/escape.js';
