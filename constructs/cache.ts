import { Construct } from "constructs";
import type { TrustedSources } from "./trusted-sources";
import { DatabaseCluster } from "@cdktf/provider-digitalocean/lib/database-cluster";
import { DatabaseFirewall } from "@cdktf/provider-digitalocean/lib/database-firewall";
import { CACHE_EVICTION_POLICY } from "../catalog/databases";
import type { MaintenanceWindow } from "../config/types";
import type { Naming } from "../config/naming";
import type { InfraSettings } from "../runtimes/types";
import type { Network } from "./network";

export interface CacheProps {
  readonly naming: Naming;
  readonly network: Network;
  readonly region: string;
  readonly version: string;
  readonly size: string;
  readonly nodes: number;
  readonly trusted: TrustedSources;
  /** Tags of the cluster itself (app + environment). */
  readonly tags: string[];
  readonly maintenanceWindow: MaintenanceWindow;
  /** Adds `lifecycle.prevent_destroy` (prod and dr: the cache holds queued jobs and sessions). */
  readonly protect: boolean;
}

/**
 * Managed Valkey (DigitalOcean retired Managed Redis) for cache, queue and sessions, with its firewall.
 * Eviction policy `volatile_lru` (CACHE_EVICTION_POLICY, catalog/databases.ts): when memory is full
 * Valkey evicts keys with a TTL (cache entries, sessions) and keeps keys without one (queued jobs,
 * which Laravel stores without expiry). Provider 2.71.0 accepts `eviction_policy` for engines `redis`
 * and `valkey` (resource_database_cluster.go, CustomizeDiff) and applies it with
 * `PUT /v2/databases/{id}/eviction_policy` once the cluster is online. DigitalOcean's default,
 * `noeviction`, would make a full cache refuse every write.
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
      evictionPolicy: CACHE_EVICTION_POLICY,
      privateNetworkUuid: props.network.vpc.id,
      tags: props.tags,
      maintenanceWindow: [{ day: props.maintenanceWindow.day, hour: `${props.maintenanceWindow.hour}:00` }],
      lifecycle: { preventDestroy: props.protect },
    });
    this.firewall = new DatabaseFirewall(this, "firewall", {
      clusterId: this.cluster.id,
      rule: props.trusted.rules(`${this.node.path}/firewall`),
    });
  }

  /** How the app connects (over TLS: rediss://). */
  get settings(): NonNullable<InfraSettings["cache"]> {
    return { host: this.cluster.privateHost, port: this.cluster.port, user: this.cluster.user, password: this.cluster.password };
  }
}
