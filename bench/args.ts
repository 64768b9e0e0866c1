// Command-line arguments of `npm run bench` (pure).
import { GROUPS, type Group } from './runner.ts';
import { RESUME_WORKSPACES } from './resume.ts';

export interface BenchArgs {
  rounds: number;
  json?: string;
  groups: Set<Group>;
  verbose: boolean;
  help: boolean;
  /** Stop→resume workspaces (resume.ts): default all. */
  resumeSizes?: Set<string>;
}

export const USAGE = `usage: npm run bench -- [--rounds N] [--json FILE] [--only ${GROUPS.join(',')}] [--verbose]
  --rounds N    interleaved rounds (session filesystem, baseline) per workload; default 3
  --json FILE   also write the figures as JSON
  --only LIST   run only these workload groups (comma-separated); default: all
  --resume-sizes LIST  stop→resume workspaces only: ${RESUME_WORKSPACES.map((w) => w.key).join(',')} (default: all)
  --verbose     emulator log lines on stderr`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  const out: BenchArgs = { rounds: 3, groups: new Set(GROUPS), verbose: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--rounds': {
        const v = value();
        if (!/^[1-9]\d*$/.test(v)) throw new UsageError(`--rounds must be a positive integer, got "${v}"`);
        out.rounds = Number(v);
        break;
      }
      case '--json':
        out.json = value();
        break;
      case '--only': {
        const names = value().split(',').map((s) => s.trim()).filter(Boolean);
        const unknown = names.filter((n) => !(GROUPS as readonly string[]).includes(n));
        if (unknown.length > 0 || names.length === 0) throw new UsageError(`--only takes ${GROUPS.join(', ')}; got "${unknown.join(',') || names.join(',')}"`);
        out.groups = new Set(names as Group[]);
        break;
      }
      case '--resume-sizes': {
        const keys = RESUME_WORKSPACES.map((w) => w.key);
        const names = value().split(',').map((s) => s.trim()).filter(Boolean);
        const unknown = names.filter((n) => !keys.includes(n));
        if (unknown.length > 0 || names.length === 0) throw new UsageError(`--resume-sizes takes ${keys.join(', ')}; got "${unknown.join(',') || names.join(',')}"`);
        out.resumeSizes = new Set(names);
        break;
      }
      case '--verbose':
        out.verbose = true;
        break;
      case '-h':
      case '--help':
        out.help = true;
        break;
      default:
        throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  return out;
}
