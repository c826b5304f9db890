/** A `business_rules` row, as the queries of this module select it. */
export interface RuleSetRow {
  version: number;
  checksum: string;
  source: string;
  enabled: boolean;
  published_at: Date;
}
