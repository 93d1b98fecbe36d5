// Flag parsing on top of node's util.parseArgs, with errors a user can act on.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { type Series, seriesSchema } from '../shared/elastickv/wire';

/** A mistake in how the command was called: printed with a hint, exit status 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<O extends Options>(argv: string[], options: O, command: string, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (err) {
    const msg = err instanceof Error ? err.message.replace(/\. To specify a positional argument.*$/s, '') : String(err);
    throw new UsageError(`${msg}\nRun 'keyviz-inspector ${command} --help' for the flags.`);
  }
}

/** A whole-number flag value within [min, max]. */
export function intFlag(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw.trim())) throw new UsageError(`--${name} takes a whole number (got '${raw}')`);
  const v = Number(raw.trim());
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    throw new UsageError(`--${name} must be from ${min} to ${max} (got ${raw})`);
  }
  return v;
}

/** A --series value: one of elastickv's four series. */
export function seriesFlag(raw: string | undefined): Series | undefined {
  if (raw === undefined) return undefined;
  const s = seriesSchema.safeParse(raw);
  if (!s.success) throw new UsageError(`--series must be one of reads, writes, read_bytes, write_bytes (got '${raw}')`);
  return s.data;
}
