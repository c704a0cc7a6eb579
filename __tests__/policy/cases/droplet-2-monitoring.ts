import { DROPLET_2 } from "../../../policy/rules/droplet-2-monitoring";
import type { RuleCases } from "./types";
import { ref } from "./types";

const ENV = ref("digitalocean_tag.tags_env", "name");
const WORKER = ref("digitalocean_tag.tags_worker", "name");
const droplet = (extra: object) => ({ name: "acme-test-app-1", image: "ubuntu-24-04-x64", region: "nyc3", size: "s-1vcpu-1gb", ...extra });
const alert = (tags: string[]) => ({ type: "v1/insights/droplet/cpu", compare: "GreaterThan", value: 80, window: "5m", enabled: true, tags, alerts: { email: "${var.alert_emails}" } });
const stack = (d: object, alerts: Record<string, object> = {}) => ({
  resource: {
    digitalocean_tag: { tags_env: { name: "acme-prod" }, tags_worker: { name: "acme-prod-worker" } },
    digitalocean_droplet: { app: d },
    ...(Object.keys(alerts).length ? { digitalocean_monitor_alert: alerts } : {}),
  },
});
const APP = "digitalocean_droplet.app";
const PROD = { production: true, envTag: "acme-prod" };

export const cases: RuleCases = {
  rule: DROPLET_2,
  compliant: [
    { name: "development Droplet with monitoring and no alert", json: stack(droplet({ monitoring: true, tags: ["acme", ENV] })), subject: APP },
    { name: "production Droplet whose env tag an alert watches", json: stack(droplet({ monitoring: true, tags: ["acme", ENV] }), { cpu: alert([ENV]) }), subject: APP, facts: PROD },
    { name: "production Droplet with a literal tag watched by an alert on the same tag by reference", json: stack(droplet({ monitoring: true, tags: ["acme", "acme-prod"] }), { cpu: alert([ENV]) }), subject: APP, facts: PROD },
    { name: "production Droplet watched through one of several tags (literal tags on both sides)", json: stack(droplet({ monitoring: true, tags: ["acme", "acme-prod-app"] }), { cpu: alert(["other"]), disk: alert(["acme-prod-app"]) }), subject: APP, facts: PROD },
  ],
  nonCompliant: [
    { name: "production Droplet whose only alert is disabled", json: stack(droplet({ monitoring: true, tags: ["acme", ENV] }), { cpu: { ...alert([ENV]), enabled: false } }), subject: APP, facts: PROD, attributes: ["tags"] },
    { name: "monitoring = false", json: stack(droplet({ monitoring: false, tags: ["acme", ENV] })), subject: APP, attributes: ["monitoring"] },
    { name: "monitoring left unset", json: stack(droplet({ tags: ["acme", ENV] })), subject: APP, attributes: ["monitoring"] },
    { name: "production stack without any alert", json: stack(droplet({ monitoring: true, tags: ["acme", ENV] })), subject: APP, facts: PROD, attributes: ["tags"] },
    { name: "production alerts watch another tag; monitoring also off", json: stack(droplet({ monitoring: false, tags: ["acme", ENV] }), { cpu: alert([WORKER]) }), subject: APP, facts: PROD, attributes: ["monitoring", "tags"] },
  ],
};
