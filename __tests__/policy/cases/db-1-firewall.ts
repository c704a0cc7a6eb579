import { DB_1 } from "../../../policy/rules/db-1-firewall";
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

export const cases: RuleCases = {
  rule: DB_1,
  compliant: [
    { name: "cluster with one firewall trusting a Droplet tag", json: stack({ cluster }, { db_fw: fw(clusterId) }), subject: CLUSTER },
    { name: "replica with one firewall on its uuid", json: stack({ replica }, { db_fw: fw(ref(REPLICA, "uuid")) }), subject: REPLICA },
    { name: "cluster firewall with a specific address; another cluster's firewall is not counted", json: { resource: { digitalocean_database_cluster: { db: cluster, cache: { ...cluster, name: "acme-test-valkey", engine: "valkey" } }, digitalocean_database_firewall: { db_fw: fw(clusterId, [{ type: "ip_addr", value: "203.0.113.4" }]), cache_fw: fw(ref("digitalocean_database_cluster.cache")) } } }, subject: CLUSTER },
  ],
  nonCompliant: [
    { name: "cluster without a firewall", json: stack({ cluster }, {}), subject: CLUSTER, attributes: ["digitalocean_database_firewall"] },
    { name: "cluster with two firewalls", json: stack({ cluster }, { a: fw(clusterId), b: fw(clusterId) }), subject: CLUSTER, attributes: ["digitalocean_database_firewall"] },
    { name: "firewall trusting 0.0.0.0/0", json: stack({ cluster }, { db_fw: fw(clusterId, [tagRule, { type: "ip_addr", value: "0.0.0.0/0" }]) }), subject: CLUSTER, attributes: ["digitalocean_database_firewall.db_fw.rule[1].value"] },
    { name: "replica firewall targeting the replica's id instead of its uuid", json: stack({ replica }, { db_fw: fw(ref(REPLICA)) }), subject: REPLICA, attributes: ["digitalocean_database_firewall"] },
  ],
};
