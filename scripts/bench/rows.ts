/** The columns every benchmark row has (the reader benchmark's shape; see report.mjs). */
export interface BaseRow {
  measure: string;
  variant: string;
  n: number;
  unit: 'ms';
  median_ms: number;
  p95_ms: number;
  min_ms: number;
  max_ms: number;
  runs: number;
  samples: number;
}
