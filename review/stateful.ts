/**
 * Which resource types hold data that a destroy or replace loses for good. Shared by the PR
 * comment renderer (plans from `terraform show -json`) and the offline review (synthesized JSON),
 * so both mark the same things first. Everything else (Droplets, load balancer, records, alerts)
 * is rebuilt from configuration without loss.
 */
export const STATEFUL_TYPES: Readonly<Record<string, string>> = {
  digitalocean_database_cluster: "database",
  digitalocean_database_replica: "database replica",
  digitalocean_database_db: "database",
  digitalocean_spaces_bucket: "bucket",
  digitalocean_spaces_bucket_object: "bucket object",
  digitalocean_domain: "DNS zone",
  // A destroyed or replaced registry starts empty: every pushed release image is gone
  // (review/force-new.ts: name and region force replacement).
  digitalocean_container_registry: "container registry (release images)",
};

/** The Valkey cache is a digitalocean_database_cluster with engine "valkey"; named so in messages. */
export function statefulKind(type: string, values?: { engine?: unknown }): string | undefined {
  const kind = STATEFUL_TYPES[type];
  if (kind === "database" && type === "digitalocean_database_cluster" && (values?.engine === "valkey" || values?.engine === "redis")) return "cache";
  return kind;
}

export function isStateful(type: string): boolean {
  return type in STATEFUL_TYPES;
}
