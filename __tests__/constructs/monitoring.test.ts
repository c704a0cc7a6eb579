import { PLATFORM } from "../../config/environments";
import { synthJson, resources } from "../helpers";

describe("monitoring", () => {
  const json = synthJson("prod");

  it("sends every alert to the alert e-mails, and to Slack only when a webhook is set", () => {
    const targets = [
      ...resources(json, "digitalocean_monitor_alert").map((a) => a.alerts as Record<string, any>),
      ...resources(json, "digitalocean_uptime_alert").flatMap((a) => a.notifications as Record<string, any>[]),
    ];
    // Droplets 3, database 3, cache 1, load balancer 2; uptime down and certificate expiry.
    expect(targets).toHaveLength(11);
    for (const t of targets) {
      expect(t.email).toBe("${var.alert_emails}");
      expect(t.dynamic.slack.for_each).toBe('${nonsensitive(var.alert_slack_webhook_url == "" ? [] : ["slack"])}');
      expect(t.dynamic.slack.content).toEqual({ channel: "${var.alert_slack_channel}", url: "${var.alert_slack_webhook_url}" });
    }
  });

  it("alerts when the runtime's health path is down and when its certificate nears expiry", () => {
    const alerts = resources(json, "digitalocean_uptime_alert");
    expect(alerts).toEqual([
      expect.objectContaining({ type: "ssl_expiry", name: "bizsocials-prod-certificate-expiry", comparison: "less_than", check_id: "${digitalocean_uptime_check.monitoring_health.id}" }),
      expect.objectContaining({ type: "down", name: "bizsocials-prod-health-down" }),
    ]);
    const [check] = resources(json, "digitalocean_uptime_check");
    expect(check).toMatchObject({ type: "https", target: `https://app.bizsocials.io${PLATFORM.runtime.healthPath}`, enabled: true });
  });
});

describe.each(["staging", "prod", "dr"] as const)("%s: every database, cache and load balancer is watched by its ID", (stack) => {
  const json = synthJson(stack);
  const named = new Set(resources(json, "digitalocean_monitor_alert").flatMap((a) => (a.entities as string[] | undefined) ?? []));

  it.each([
    ["digitalocean_database_cluster", "id"],
    ["digitalocean_database_replica", "uuid"],
    ["digitalocean_loadbalancer", "id"],
  ])("%s", (type, attribute) => {
    for (const name of Object.keys(json.resource?.[type] ?? {})) expect(named).toContain(`\${${type}.${name}.${attribute}}`);
  });
});

it("dev, without alerting, has none", () => {
  const json = synthJson("dev");
  expect(resources(json, "digitalocean_monitor_alert")).toEqual([]);
  expect(resources(json, "digitalocean_uptime_alert")).toEqual([]);
});
