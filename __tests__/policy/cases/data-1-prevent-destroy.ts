import { DATA_1 } from "../../../policy/rules/data-1-prevent-destroy";
import type { RuleCases } from "./types";
import { ref } from "./types";

const cluster = (extra: object = {}) => ({ resource: { digitalocean_database_cluster: { db: { name: "acme-prod-mysql", engine: "mysql", version: "8", size: "db-s-1vcpu-2gb", node_count: 2, region: "nyc3", ...extra } } } });
const replica = (extra: object = {}) => ({ resource: { digitalocean_database_replica: { db: { name: "acme-dr-mysql-replica", cluster_id: ref("digitalocean_database_cluster.source"), size: "db-s-1vcpu-2gb", region: "fra1", ...extra } } } });
const bucket = (extra: object = {}) => ({ resource: { digitalocean_spaces_bucket: { storage_bucket: { name: "acme-prod-media-${random_id.storage_suffix.hex}", region: "nyc3", acl: "private", ...extra } } } });
const registry = (extra: object = {}) => ({ resource: { digitalocean_container_registry: { registry: { name: "acme", subscription_tier_slug: "basic", region: "nyc3", ...extra } } } });
const REGISTRY = "digitalocean_container_registry.registry";
const keep = { lifecycle: { prevent_destroy: true } };
const PROD = { production: true };
const DB = "digitalocean_database_cluster.db";
const BUCKET = "digitalocean_spaces_bucket.storage_bucket";

export const cases: RuleCases = {
  rule: DATA_1,
  compliant: [
    { name: "production cluster with prevent_destroy", json: cluster(keep), subject: DB, facts: PROD },
    { name: "production bucket with prevent_destroy next to other lifecycle settings", json: bucket({ lifecycle: { prevent_destroy: true, ignore_changes: ["tags"] } }), subject: BUCKET, facts: PROD },
    { name: "production container registry with prevent_destroy", json: registry(keep), subject: REGISTRY, facts: PROD },
    { name: "production replica whose lifecycle is a one-element list", json: replica({ lifecycle: [{ prevent_destroy: true }] }), subject: "digitalocean_database_replica.db", facts: PROD },
  ],
  nonCompliant: [
    { name: "production cluster with prevent_destroy = false", json: cluster({ lifecycle: { prevent_destroy: false } }), subject: DB, facts: PROD, attributes: ["lifecycle.prevent_destroy"] },
    { name: "production bucket without lifecycle", json: bucket(), subject: BUCKET, facts: PROD, attributes: ["lifecycle.prevent_destroy"] },
    { name: "production container registry without lifecycle (its images are the releases)", json: registry(), subject: REGISTRY, facts: PROD, attributes: ["lifecycle.prevent_destroy"] },
    { name: "production replica with only create_before_destroy", json: replica({ lifecycle: { create_before_destroy: true } }), subject: "digitalocean_database_replica.db", facts: PROD, attributes: ["lifecycle.prevent_destroy"] },
  ],
  notApplicable: [
    { name: "development cluster with prevent_destroy = false", json: cluster({ lifecycle: { prevent_destroy: false } }), subject: DB },
    { name: "development bucket without lifecycle", json: bucket(), subject: BUCKET },
    { name: "development container registry without lifecycle", json: registry(), subject: REGISTRY },
  ],
};
