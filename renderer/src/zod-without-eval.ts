import { z } from 'zod';

/**
 * The renderer's Content-Security-Policy has no 'unsafe-eval', so zod cannot compile its object
 * parsers there. Told so up front, it validates the plain way without first probing
 * `new Function`: the probe's error is swallowed, but a strict CSP still reports it as a
 * `securitypolicyviolation` on the first parse of every session. Imported first by the entry.
 */
z.config({ jitless: true });
