import { PLATFORM } from "../../config/environments";
import { synthJson, resources } from "../helpers";

describe("monitoring", () => {
  const json = synthJson("prod");

  it("sends every alert to the alert e-mails, and to Slack only when a webhook is set", () => {
    const targets = [
      ...resources(json, "digitalocean_monitor_alert").map((a) => a.alerts as Record<string, any>),
      ...resources(json, "digitalocean_uptime_alert").flatMap((a) => a.notifications as Record<string, any>[]),
    ];
    expect(targets).toHaveLength(4);
    for (const t of targets) {
      expect(t.email).toBe("${var.alert_emails}");
      expect(t.dynamic.slack.for_each).toBe('${nonsensitive(var.alert_slack_webhook_url == "" ? [] : ["slack"])}');
      expect(t.dynamic.slack.content).toEqual({ channel: "${var.alert_slack_channel}", url: "${var.alert_slack_webhook_url}" });
    }
  });

  it("alerts when the runtime's health path is down", () => {
    const [alert] = resources(json, "digitalocean_uptime_alert");
    expect(alert).toMatchObject({ type: "down", name: "bizsocials-prod-health-down" });
    const [check] = resources(json, "digitalocean_uptime_check");
    expect(check).toMatchObject({ type: "https", target: `https://app.bizsocials.io${PLATFORM.runtime.healthPath}`, enabled: true });
  });
});
