import { MON_1 } from "../../../policy/rules/mon-1-data-tier";
import type { RuleCases } from "./types";

const cluster = { name: "acme-prod-mysql", engine: "mysql", version: "8", size: "db-s-1vcpu-2gb", region: "nyc3", node_count: 2 };
const lb = { name: "acme-prod-lb", region: "nyc3", size_unit: 1 };
const alert = (entities: string[], extra: object = {}) => ({ type: "v1/dbaas/alerts/cpu_alerts", compare: "GreaterThan", value: 80, window: "5m", enabled: true, entities, alerts: { email: "${var.alert_emails}" }, ...extra });
const stack = (alerts: Record<string, object> = {}) => ({
  resource: {
    digitalocean_database_cluster: { db: cluster },
    digitalocean_database_replica: { replica: { name: "acme-dr-mysql", cluster_id: "x", region: "fra1", size: "db-s-1vcpu-2gb" } },
    digitalocean_loadbalancer: { lb },
    ...(Object.keys(alerts).length ? { digitalocean_monitor_alert: alerts } : {}),
  },
});
const PROD = { production: true };

export const cases: RuleCases = {
  rule: MON_1,
  compliant: [
    { name: "production database named by an alert", json: stack({ cpu: alert(["${digitalocean_database_cluster.db.id}"]) }), subject: "digitalocean_database_cluster.db", facts: PROD },
    { name: "production replica named by its uuid", json: stack({ cpu: alert(["${digitalocean_database_replica.replica.uuid}"]) }), subject: "digitalocean_database_replica.replica", facts: PROD },
    { name: "production load balancer named by an lbaas alert", json: stack({ h: alert(["${digitalocean_loadbalancer.lb.id}"], { type: "v1/insights/lbaas/droplet_health", value: 0 }) }), subject: "digitalocean_loadbalancer.lb", facts: PROD },
  ],
  notApplicable: [{ name: "staging database without alerts (not production)", json: stack(), subject: "digitalocean_database_cluster.db" }],
  nonCompliant: [
    { name: "production database, no alert at all", json: stack(), subject: "digitalocean_database_cluster.db", facts: PROD, attributes: ["id"] },
    { name: "production database, only a disabled alert names it", json: stack({ cpu: alert(["${digitalocean_database_cluster.db.id}"], { enabled: false }) }), subject: "digitalocean_database_cluster.db", facts: PROD, attributes: ["id"] },
    { name: "production load balancer, alerts watch only the database", json: stack({ cpu: alert(["${digitalocean_database_cluster.db.id}"]) }), subject: "digitalocean_loadbalancer.lb", facts: PROD, attributes: ["id"] },
    { name: "an alert naming a similarly named resource does not count", json: stack({ cpu: alert(["${digitalocean_database_cluster.db2.id}"]) }), subject: "digitalocean_database_cluster.db", facts: PROD, attributes: ["id"] },
  ],
};
