/**
 * The zeekseq project folder (src/track/ and dist/track/ both sit two levels below it): where package.json,
 * bin/zeekseq.js and the git checkout a run's code came from are.
 */
import { fileURLToPath } from 'node:url';

export const PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url));
