import { Construct } from "constructs";
import type { TerraformResource } from "cdktf";
import { MonitorAlert } from "@cdktf/provider-digitalocean/lib/monitor-alert";
import { UptimeAlert } from "@cdktf/provider-digitalocean/lib/uptime-alert";
import { UptimeCheck } from "@cdktf/provider-digitalocean/lib/uptime-check";
import type { Naming } from "../config/naming";

export interface AlertTargets {
  readonly emails: string[];
  /** List usable as a dynamic block's for_each: one element when Slack is configured, none otherwise. */
  readonly slackTargets: string[];
  readonly slackChannel: string;
  readonly slackWebhookUrl: string;
}

export interface MonitoringProps {
  readonly naming: Naming;
  /** Droplets carrying this tag are watched. */
  readonly dropletTag: string;
  readonly hostname: string;
  /** The runtime's health path, which the app answers with 200 (the load balancer checks it too). */
  readonly healthPath: string;
  readonly targets: AlertTargets;
}

/** seed 000 §10.1: CPU > 80 %, memory > 85 %, disk > 90 % for 5 minutes. */
export const DROPLET_ALERTS = [
  { id: "cpu", type: "v1/insights/droplet/cpu", value: 80, description: "CPU above 80% for 5 minutes" },
  { id: "memory", type: "v1/insights/droplet/memory_utilization_percent", value: 85, description: "Memory above 85% for 5 minutes" },
  { id: "disk", type: "v1/insights/droplet/disk_utilization_percent", value: 90, description: "Disk above 90% for 5 minutes" },
] as const;

export const ALERT_WINDOW = "5m";

/** Droplet alerts on the environment's tag, and an uptime check + alert on https://HOST<health path>. */
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
    for (const alert of DROPLET_ALERTS) {
      const monitor = new MonitorAlert(this, alert.id, {
        description: `${props.naming.envTag}: ${alert.description}`,
        type: alert.type,
        compare: "GreaterThan",
        value: alert.value,
        window: ALERT_WINDOW,
        enabled: true,
        tags: [props.dropletTag],
        alerts: { email: t.emails },
      });
      withOptionalSlack(monitor, "alerts");
    }
    this.uptimeCheck = new UptimeCheck(this, "health", {
      name: props.naming.name("health"),
      type: "https",
      target: `https://${props.hostname}${props.healthPath}`,
      regions: ["us_east", "eu_west"],
      enabled: true,
    });
    const down = new UptimeAlert(this, "health-down", {
      name: props.naming.name("health-down"),
      checkId: this.uptimeCheck.id,
      type: "down",
      period: "2m",
      notifications: [{ email: t.emails }],
    });
    withOptionalSlack(down, "notifications.0");
  }
}
