import { Construct } from "constructs";
import { DatabaseCluster } from "@cdktf/provider-digitalocean/lib/database-cluster";
import { DatabaseFirewall } from "@cdktf/provider-digitalocean/lib/database-firewall";
import type { MaintenanceWindow } from "../config/types";
import type { Naming } from "../config/naming";
import type { Network } from "./network";

export interface CacheProps {
  readonly naming: Naming;
  readonly network: Network;
  readonly region: string;
  readonly version: string;
  readonly size: string;
  readonly nodes: number;
  readonly trustedTags: string[];
  /** Tags of the cluster itself (app + environment). */
  readonly tags: string[];
  readonly maintenanceWindow: MaintenanceWindow;
  /** Adds `lifecycle.prevent_destroy` (prod and dr: the cache holds queued jobs and sessions). */
  readonly protect: boolean;
}

/**
 * Managed Valkey (DigitalOcean retired Managed Redis) for cache, queue and sessions, with its firewall.
 * No eviction policy is set: the provider accepts `eviction_policy` for engine `redis` only, and
 * provider 2.71.0 (the last cdktf binding) has no Valkey `maxmemory_policy`. DigitalOcean's default,
 * `noeviction`, never drops queue jobs; a full cache refuses writes instead.
 */
export class Cache extends Construct {
  readonly cluster: DatabaseCluster;
  readonly firewall: DatabaseFirewall;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    this.cluster = new DatabaseCluster(this, "cluster", {
      name: props.naming.name("valkey"),
      engine: "valkey",
      version: props.version,
      size: props.size,
      nodeCount: props.nodes,
      region: props.region,
      privateNetworkUuid: props.network.vpc.id,
      tags: props.tags,
      maintenanceWindow: [{ day: props.maintenanceWindow.day, hour: `${props.maintenanceWindow.hour}:00` }],
      lifecycle: { preventDestroy: props.protect },
    });
    this.firewall = new DatabaseFirewall(this, "firewall", {
      clusterId: this.cluster.id,
      rule: props.trustedTags.map((tag) => ({ type: "tag", value: tag })),
    });
  }
}
