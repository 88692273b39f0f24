/**
 * Text from data made inert in HTML: markup characters as entities (so a host name like `<img onerror=...>`
 * stays text, in element content and in quoted attribute values alike), and control and bidi characters shown
 * as visible escapes (safeText) so that nothing is hidden or reordered on the page.
 */
import { safeText } from '../viz/safe-text.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` safe as HTML element content and as a double- or single-quoted attribute value. */
export function escapeHtml(text: string): string {
  return safeText(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
