const DEFAULT_FREEZE = 100_000;
const MAX_FREEZE = 10_000_000;
/** One line for error output. */
export const SEED_USAGE = 'usage: npm run seed -- [--freeze <N> | --no-freeze]';

/** `--freeze N` (default 100000), `--freeze=N`, `--no-freeze`; anything else is refused. */
export function parseSeedArgs(argv: readonly string[]): { freeze: number } {
  let freeze = DEFAULT_FREEZE;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--no-freeze') freeze = 0;
    else if (arg === '--freeze' || arg.startsWith('--freeze=')) {
      const text = arg.includes('=') ? arg.slice('--freeze='.length) : argv[++i];
      const n = Number(text?.replace(/_/g, ''));
      if (!text || !Number.isInteger(n) || n < 0 || n > MAX_FREEZE) throw new Error(`--freeze needs a whole number from 0 to ${MAX_FREEZE}, got ${text ?? 'nothing'}`);
      freeze = n;
    } else throw new Error(`unknown argument ${arg}`);
  }
  return { freeze };
}

