/**
 * Alert thresholds of every stack with alerting (docs/SIZING.md rows "… alerts"; the sizing test
 * reads them from there). Droplets: seed 000 §10.1. Databases and the cache: the same CPU and memory
 * lines, and disk at 80 % so there is room to resize before a full disk stops writes. Load
 * balancers: any backend leaving the healthy pool, and 5xx rising by more than 5 % over 5 minutes.
 * Certificates: 14 days before expiry (Let's Encrypt renews at 30 days left, so a page means
 * renewal has been failing for two weeks).
 * Alert types are the API's (provider docs/resources/monitor_alert.md, v2.71.0: `v1/insights/droplet/*`,
 * `v1/dbaas/alerts/*` on database cluster UUIDs, `v1/insights/lbaas/*` on load balancer IDs;
 * uptime_alert.md: `ssl_expiry` with a threshold in days).
 */
export interface AlertThresholds {
  /** The API's windows: 5m, 10m, 30m, 1h. */
  readonly window: "5m" | "10m" | "30m" | "1h";
  readonly droplet: { readonly cpuPercent: number; readonly memoryPercent: number; readonly diskPercent: number };
  readonly database: { readonly cpuPercent: number; readonly memoryPercent: number; readonly diskPercent: number };
  readonly cache: { readonly memoryPercent: number };
  /** Unhealthy backends above this count alert (0: any). */
  readonly loadBalancer: { readonly unhealthyBackends: number; readonly http5xxIncreasePercent: number };
  readonly certificateExpiryDays: number;
}

export const ALERT_THRESHOLDS: AlertThresholds = {
  window: "5m",
  droplet: { cpuPercent: 80, memoryPercent: 85, diskPercent: 90 },
  database: { cpuPercent: 80, memoryPercent: 85, diskPercent: 80 },
  cache: { memoryPercent: 85 },
  loadBalancer: { unhealthyBackends: 0, http5xxIncreasePercent: 5 },
  certificateExpiryDays: 14,
};
