/**
 * http: the original's port, file, status, user-agent and proxy flags and scaled body lengths. Body
 * lengths are log-scaled here (the original scaled them raw): sizes are heavy-tailed, and raw min-max
 * scaling puts almost every request at 0. `file_sent` means a response carried something other than
 * HTML or plain text; the original also raised it for responses with no body at all.
 */
import { Cleaner, type CleanerOptions } from './cleaner.js';
import { booleanFeature, categoricalFeature, numericFeature, type FeatureDef } from './features.js';
import { col, log1p } from './numeric.js';
import { allOf, containsAny, greaterThan, hasOther, isIn, isSet, matchesPattern, negate } from './predicates.js';

/** User agents of scripting tools, downloaders and scanners rather than browsers. */
export const TOOL_USER_AGENTS = [
  'curl',
  'wget',
  'powershell',
  'python',
  'winhttp',
  'go-http-client',
  'libwww-perl',
  'java/',
  'nmap',
  'sqlmap',
  'nikto',
  'masscan',
  'zgrab',
  'certutil',
  'bitsadmin',
];

export const httpFeatures: readonly FeatureDef[] = [
  booleanFeature({
    name: 'safe_port',
    test: isIn('id.resp_p', [80, 8080, 8088, 8000]),
    why: 'Web servers listen on 80 and a few well-known alternates; HTTP on other ports is typical of C2 and malware staging servers.',
  }),
  booleanFeature({
    name: 'file_sent',
    test: hasOther('resp_mime_types', ['text/html', 'text/plain']),
    why: 'A response carrying an executable, archive or document rather than a page is how payloads are delivered.',
  }),
  booleanFeature({
    name: 'successful',
    test: allOf(greaterThan('status_code', 199), negate(greaterThan('status_code', 299))),
    why: 'A 2xx answer means the request did what it asked; scanners and broken C2 produce runs of errors and redirects.',
  }),
  booleanFeature({
    name: 'sus_user_agent',
    test: containsAny('user_agent', TOOL_USER_AGENTS),
    why: 'Scripting tools and downloaders (curl, PowerShell, WinHTTP ...) mean automated requests, which is how loaders fetch stages.',
  }),
  booleanFeature({
    name: 'no_user_agent',
    test: negate(isSet('user_agent')),
    why: 'Browsers always send a User-Agent; requests without one come from hand-written clients and implants.',
  }),
  booleanFeature({
    name: 'host_is_ip',
    test: matchesPattern('host', /^(\d{1,3}\.){3}\d{1,3}(:\d+)?$|^\[[0-9a-f:.]+\](:\d+)?$/i),
    why: 'Requests to a bare IP address skip DNS, which legitimate sites rarely do and payload downloads often do.',
  }),
  booleanFeature({
    name: 'proxied',
    test: isSet('proxied'),
    why: 'Proxy headers show the request went through a proxy, which can hide the real client.',
  }),
  categoricalFeature({
    name: 'method',
    column: 'method',
    topK: 6,
    why: 'GET and POST are ordinary; PUT, PROPFIND, CONNECT and unknown verbs point at WebDAV abuse, proxy misuse or exploits.',
  }),
  numericFeature({
    name: 'request_body_len',
    value: log1p(col('request_body_len', { fill: 0 })),
    why: 'Large uploads in request bodies are how data leaves by HTTP; C2 check-ins post small, regular bodies.',
  }),
  numericFeature({
    name: 'response_body_len',
    value: log1p(col('response_body_len', { fill: 0 })),
    why: 'Response size separates small beacon replies and errors from page loads and payload downloads.',
  }),
];

export function httpCleaner(options: CleanerOptions = {}): Cleaner {
  return new Cleaner('http', httpFeatures, options);
}
