import { Construct } from "constructs";
import type { TerraformResource } from "cdktf";
import { MonitorAlert } from "@cdktf/provider-digitalocean/lib/monitor-alert";
import { UptimeAlert } from "@cdktf/provider-digitalocean/lib/uptime-alert";
import { UptimeCheck } from "@cdktf/provider-digitalocean/lib/uptime-check";
import type { AlertThresholds } from "../config/alerts";
import type { Naming } from "../config/naming";

export interface AlertTargets {
  readonly emails: string[];
  /** List usable as a dynamic block's for_each: one element when Slack is configured, none otherwise. */
  readonly slackTargets: string[];
  readonly slackChannel: string;
  readonly slackWebhookUrl: string;
}

/** A watched resource: what the alert's description calls it and the ID the API takes as its entity. */
export interface Watched {
  readonly label: string;
  readonly id: string;
}

export interface MonitoringProps {
  readonly naming: Naming;
  /** Droplets carrying this tag are watched. */
  readonly dropletTag: string | undefined;
  /** SQL clusters (or dr's replica): CPU, memory, disk. */
  readonly databases: readonly Watched[];
  /** Valkey clusters: memory. */
  readonly caches: readonly Watched[];
  /** The load balancer, if the stack has one: unhealthy backends and 5xx. */
  readonly loadBalancer: Watched | undefined;
  readonly hostname: string;
  /** The runtime's health path, which the app answers with 200 (the load balancer checks it too). */
  readonly healthPath: string;
  readonly thresholds: AlertThresholds;
  readonly targets: AlertTargets;
  /** An app Droplet's CPU above `cpuPercent` on Droplets of `tag`, with what ops do (EnvironmentConfig.scaleOutAlert). */
  readonly scaleOut?: { readonly tag: string; readonly cpuPercent: number; readonly action: string };
  /** The backup jobs' heartbeat (runtimes/backup.ts): an uptime check on this path of `hostname`, paging when it is gone. */
  readonly backupHeartbeatPath?: string;
}

interface AlertSpec {
  readonly id: string;
  readonly type: string;
  readonly value: number;
  readonly what: string;
}

/**
 * Alerts on every tier: Droplets by the environment's tag; each database, cache and load balancer
 * by its ID; an uptime check on https://HOST<health path> with alerts when it is down and when its
 * certificate nears expiry. Thresholds come from config/alerts.ts.
 */
export class Monitoring extends Construct {
  readonly uptimeCheck: UptimeCheck;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const t = props.targets;
    // cdktf cannot put a dynamic block inside a nested block, so the optional Slack target is an override.
    const withOptionalSlack = (resource: TerraformResource, blockPath: string) =>
      resource.addOverride(`${blockPath}.dynamic.slack`, {
        for_each: t.slackTargets,
        content: { channel: t.slackChannel, url: t.slackWebhookUrl },
      });
    const th = props.thresholds;
    const minutes = th.window.endsWith("h") ? `${parseInt(th.window, 10) * 60} minutes` : `${parseInt(th.window, 10)} minutes`;
    const monitor = (id: string, spec: AlertSpec, target: { tags: string[] } | { entities: string[] }) => {
      const alert = new MonitorAlert(this, `${id}-${spec.id}`.replace(/^droplet-/, ""), {
        description: `${props.naming.envTag}: ${spec.what} for ${minutes}`,
        type: spec.type,
        compare: "GreaterThan",
        value: spec.value,
        window: th.window,
        enabled: true,
        ...target,
        alerts: { email: t.emails },
      });
      withOptionalSlack(alert, "alerts");
    };
    const dropletAlerts: AlertSpec[] = [
      { id: "cpu", type: "v1/insights/droplet/cpu", value: th.droplet.cpuPercent, what: `Droplet CPU above ${th.droplet.cpuPercent}%` },
      { id: "memory", type: "v1/insights/droplet/memory_utilization_percent", value: th.droplet.memoryPercent, what: `Droplet memory above ${th.droplet.memoryPercent}%` },
      { id: "disk", type: "v1/insights/droplet/disk_utilization_percent", value: th.droplet.diskPercent, what: `Droplet disk above ${th.droplet.diskPercent}%` },
    ];
    if (props.dropletTag !== undefined) for (const spec of dropletAlerts) monitor("droplet", spec, { tags: [props.dropletTag] });
    if (props.scaleOut) {
      const so = props.scaleOut;
      monitor("app", { id: "scale-out", type: "v1/insights/droplet/cpu", value: so.cpuPercent, what: `app Droplet CPU above ${so.cpuPercent}% (${so.action})` }, { tags: [so.tag] });
    }
    for (const db of props.databases) {
      for (const spec of [
        { id: "cpu", type: "v1/dbaas/alerts/cpu_alerts", value: th.database.cpuPercent, what: `${db.label} CPU above ${th.database.cpuPercent}%` },
        { id: "memory", type: "v1/dbaas/alerts/memory_utilization_alerts", value: th.database.memoryPercent, what: `${db.label} memory above ${th.database.memoryPercent}%` },
        { id: "disk", type: "v1/dbaas/alerts/disk_utilization_alerts", value: th.database.diskPercent, what: `${db.label} disk above ${th.database.diskPercent}%` },
      ]) {
        monitor(db.label, spec, { entities: [db.id] });
      }
    }
    for (const cache of props.caches) {
      monitor(cache.label, { id: "memory", type: "v1/dbaas/alerts/memory_utilization_alerts", value: th.cache.memoryPercent, what: `${cache.label} memory above ${th.cache.memoryPercent}%` }, { entities: [cache.id] });
    }
    if (props.loadBalancer) {
      const lb = props.loadBalancer;
      // droplet_health: "alert on Droplet health status changes" (API reference, monitoring); above 0 = any backend unhealthy.
      monitor(lb.label, { id: "unhealthy", type: "v1/insights/lbaas/droplet_health", value: th.loadBalancer.unhealthyBackends, what: `${lb.label} has an unhealthy backend` }, { entities: [lb.id] });
      monitor(lb.label, {
        id: "5xx",
        type: "v1/insights/lbaas/increase_in_http_error_rate_percentage_5xx",
        value: th.loadBalancer.http5xxIncreasePercent,
        what: `${lb.label} 5xx responses up more than ${th.loadBalancer.http5xxIncreasePercent}%`,
      }, { entities: [lb.id] });
    }
    // Uptime checks on a path of the stack's hostname, each alert with the same targets.
    const uptimeCheck = (id: string, path: string) =>
      new UptimeCheck(this, id, { name: props.naming.name(id), type: "https", target: `https://${props.hostname}${path}`, regions: ["us_east", "eu_west"], enabled: true });
    const uptimeAlert = (id: string, check: UptimeCheck, rule: { type: string; period: string; comparison?: string; threshold?: number }) =>
      withOptionalSlack(new UptimeAlert(this, id, { name: props.naming.name(id), checkId: check.id, ...rule, notifications: [{ email: t.emails }] }), "notifications.0");
    this.uptimeCheck = uptimeCheck("health", props.healthPath);
    uptimeAlert("health-down", this.uptimeCheck, { type: "down", period: "2m" });
    uptimeAlert("certificate-expiry", this.uptimeCheck, { type: "ssl_expiry", comparison: "less_than", threshold: props.thresholds.certificateExpiryDays, period: "2m" });

    if (props.backupHeartbeatPath) {
      // 404 from the moment a backup run fails or is overdue; 200 while every job is fresh.
      uptimeAlert("backups-down", uptimeCheck("backups", props.backupHeartbeatPath), { type: "down", period: "10m" });
    }
  }
}
