// A request as files store it (`from_unix_ms`…), as the fan-out asks it.
import type { MatrixQuery } from '../../core/fanout';

export function queryOf(r: { series: MatrixQuery['series']; rows: number; from_unix_ms: number | null; to_unix_ms: number | null }): MatrixQuery {
  return { series: r.series, rows: r.rows, fromMs: r.from_unix_ms, toMs: r.to_unix_ms };
}
