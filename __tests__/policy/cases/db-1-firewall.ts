import { DB_1 } from "../../../policy/rules/db-1-firewall";
import { DatabaseCluster } from "@cdktf/provider-digitalocean/lib/database-cluster";
import { DatabaseFirewall, type DatabaseFirewallRule } from "@cdktf/provider-digitalocean/lib/database-firewall";
import { App } from "@cdktf/provider-digitalocean/lib/app";
import { App as CdktfApp, TerraformStack } from "cdktf";
import { spec } from "../app-fixtures";
import type { RuleCases } from "./types";
import { ref } from "./types";

const cluster = { name: "acme-test-mysql", engine: "mysql", version: "8", size: "db-s-1vcpu-1gb", node_count: 1, region: "nyc3" };
const replica = { name: "acme-test-mysql-replica", cluster_id: ref("data.digitalocean_database_cluster.source"), size: "db-s-1vcpu-2gb", region: "fra1" };
const tagRule = { type: "tag", value: ref("digitalocean_tag.tags_app", "name") };
const fw = (target: string, rules: object[] = [tagRule]) => ({ cluster_id: target, rule: rules });
const stack = (db: { cluster?: object; replica?: object }, firewalls: Record<string, object>) => ({
  resource: {
    ...(db.cluster ? { digitalocean_database_cluster: { db: db.cluster } } : {}),
    ...(db.replica ? { digitalocean_database_replica: { db: db.replica } } : {}),
    ...(Object.keys(firewalls).length ? { digitalocean_database_firewall: firewalls } : {}),
  },
  ...(db.replica ? { data: { digitalocean_database_cluster: { source: { name: "acme-prod-mysql" } } } } : {}),
});
const CLUSTER = "digitalocean_database_cluster.db";
const REPLICA = "digitalocean_database_replica.db";
const clusterId = ref(CLUSTER);

/** A cluster, an App Platform app attaching it (by its literal name or by reference) and the cluster's firewall. */
function appStack(attach: "literal" | "reference", rules: (appId: string) => DatabaseFirewallRule[]): object {
  const stack = new TerraformStack(new CdktfApp(), "test");
  const db = new DatabaseCluster(stack, "db", { name: "acme-test-pg", engine: "pg", version: "16", size: "db-s-1vcpu-2gb", nodeCount: 1, region: "nyc3" });
  const app = new App(stack, "app", { spec: spec({ database: [{ name: "db", clusterName: attach === "literal" ? "acme-test-pg" : db.name, engine: "PG", production: true }] }) });
  new DatabaseFirewall(stack, "db_fw", { clusterId: db.id, rule: rules(app.id) });
  return stack.toTerraform() as object;
}
const DB = "digitalocean_database_cluster.db";

export const cases: RuleCases = {
  rule: DB_1,
  compliant: [
    { name: "cluster with one firewall trusting a Droplet tag", json: stack({ cluster }, { db_fw: fw(clusterId) }), subject: CLUSTER },
    { name: "replica with one firewall on its uuid", json: stack({ replica }, { db_fw: fw(ref(REPLICA, "uuid")) }), subject: REPLICA },
    { name: "cluster an app attaches by name, its firewall trusting that app (type app)", json: appStack("literal", (app) => [{ type: "app", value: app }]), subject: DB },
    { name: "cluster an app attaches by reference, trusted by app beside a tag", json: appStack("reference", (app) => [{ type: "tag", value: "acme-test" }, { type: "app", value: app }]), subject: DB },
    { name: "cluster firewall with a specific address; another cluster's firewall is not counted", json: { resource: { digitalocean_database_cluster: { db: cluster, cache: { ...cluster, name: "acme-test-valkey", engine: "valkey" } }, digitalocean_database_firewall: { db_fw: fw(clusterId, [{ type: "ip_addr", value: "203.0.113.4" }]), cache_fw: fw(ref("digitalocean_database_cluster.cache")) } } }, subject: CLUSTER },
  ],
  nonCompliant: [
    { name: "cluster without a firewall", json: stack({ cluster }, {}), subject: CLUSTER, attributes: ["digitalocean_database_firewall"] },
    { name: "cluster with two firewalls", json: stack({ cluster }, { a: fw(clusterId), b: fw(clusterId) }), subject: CLUSTER, attributes: ["digitalocean_database_firewall"] },
    { name: "firewall trusting 0.0.0.0/0", json: stack({ cluster }, { db_fw: fw(clusterId, [tagRule, { type: "ip_addr", value: "0.0.0.0/0" }]) }), subject: CLUSTER, attributes: ["digitalocean_database_firewall.db_fw.rule[1].value"] },
    { name: "cluster an app attaches, its firewall trusting only a Droplet tag", json: appStack("literal", () => [{ type: "tag", value: "acme-test" }]), subject: DB, attributes: ["digitalocean_database_firewall"] },
    { name: "cluster an app attaches by reference, its firewall trusting an app by a literal id", json: appStack("reference", () => [{ type: "app", value: "4f6c71e2-1e90-4762-9fee-6cc4a0a9f2cf" }]), subject: DB, attributes: ["digitalocean_database_firewall"] },
    { name: "replica firewall targeting the replica's id instead of its uuid", json: stack({ replica }, { db_fw: fw(ref(REPLICA)) }), subject: REPLICA, attributes: ["digitalocean_database_firewall"] },
  ],
};
