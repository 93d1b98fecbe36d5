// Cell values in words an operator reads at a glance, with the unit of what the series counts:
// counts with SI prefixes (`1.2 G`: never "1.2B", which reads as bytes), byte series in IEC units
// as the rest of the app writes sizes (`1.2 GiB`).
import type { Series } from '../../../shared/elastickv/wire';

export type Quantity = 'count' | 'bytes';

export const QUANTITY: Record<Series, Quantity> = { reads: 'count', writes: 'count', read_bytes: 'bytes', write_bytes: 'bytes' };

const UNITS: Record<Quantity, { base: number; names: readonly string[] }> = {
  count: { base: 1000, names: ['', ' k', ' M', ' G', ' T', ' P', ' E'] },
  bytes: { base: 1024, names: [' B', ' KiB', ' MiB', ' GiB', ' TiB', ' PiB', ' EiB'] },
};

/** What one step of a prefix is worth (1, 1000, 10^6, … or 1, 1024, 1024², …). */
export function unitSteps(q: Quantity): number[] {
  const { base, names } = UNITS[q];
  return names.map((_, p) => base ** p);
}

/** `950`, `10.4 k`, `1.2 G` (counts); `512 B`, `1.5 KiB`, `1.2 GiB` (bytes). Three significant digits (whole numbers from 100). */
export function formatQuantity(v: number, q: Quantity): string {
  if (!Number.isFinite(v)) return String(v);
  const sign = v < 0 ? '−' : '';
  const a = Math.abs(v);
  const { base, names } = UNITS[q];
  let p = 0;
  while (p < names.length - 1 && a >= base ** (p + 1)) p++;
  const round = (n: number): number => (n >= 100 ? Math.round(n) : Number(n.toPrecision(3)));
  let x = round(a / base ** p);
  // 999.7 k rounds to 1000 k: that is 1 M.
  if (x >= base && p < names.length - 1) { p++; x = round(a / base ** p); }
  return `${sign}${x}${names[p]}`;
}
