import { Construct } from "constructs";
import { DatabaseCluster } from "@cdktf/provider-digitalocean/lib/database-cluster";
import { DatabaseConnectionPool } from "@cdktf/provider-digitalocean/lib/database-connection-pool";
import { DatabaseDb } from "@cdktf/provider-digitalocean/lib/database-db";
import { DatabaseFirewall } from "@cdktf/provider-digitalocean/lib/database-firewall";
import { DatabaseReplica } from "@cdktf/provider-digitalocean/lib/database-replica";
import { DatabaseUser } from "@cdktf/provider-digitalocean/lib/database-user";
import { DataDigitaloceanDatabaseCluster } from "@cdktf/provider-digitalocean/lib/data-digitalocean-database-cluster";
import type { MaintenanceWindow, ResolvedDatabase } from "../config/types";
import type { Naming } from "../config/naming";
import type { Network } from "./network";

export interface DatabaseProps {
  readonly naming: Naming;
  readonly network: Network;
  readonly region: string;
  readonly spec: ResolvedDatabase;
  /** Droplet tags allowed through the database firewall. */
  readonly trustedTags: string[];
  /** Tags of the cluster itself (app + environment). */
  readonly tags: string[];
  /** Application database name. */
  readonly databaseName: string;
  /** Users created by Terraform; their grants come from a SQL migration (the provider has no MySQL grants). */
  readonly users: readonly string[];
  readonly maintenanceWindow: MaintenanceWindow;
  /** Adds `lifecycle.prevent_destroy` (prod and dr data). */
  readonly protect: boolean;
}

/**
 * Managed MySQL or PostgreSQL: either a cluster with its application database and users (and, on
 * PostgreSQL, optionally a PgBouncer pool for the app user), or a read-only replica of another
 * stack's cluster found by its deterministic name (no remote state: prod's state holds the database
 * passwords). Either way exactly one database firewall, trusting the stack's Droplet tags.
 */
export class Database extends Construct {
  /** The cluster this stack owns, if any (replicas are billed and projected with their source). */
  readonly cluster: DatabaseCluster | undefined;
  readonly privateHost: string;
  readonly firewall: DatabaseFirewall;
  /** The first user (the application's), if this stack owns the cluster. */
  readonly appUser: DatabaseUser | undefined;
  /** The app's connection pool, where configured: apps connect here, not to the cluster. */
  readonly pool: DatabaseConnectionPool | undefined;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const spec = props.spec;
    const lifecycle = { preventDestroy: props.protect };
    let firewallTarget: string;
    if (spec.kind === "cluster") {
      const cluster = new DatabaseCluster(this, "cluster", {
        name: spec.name,
        engine: spec.engine,
        version: spec.version,
        size: spec.size,
        nodeCount: spec.nodes,
        region: props.region,
        privateNetworkUuid: props.network.vpc.id,
        tags: props.tags,
        maintenanceWindow: [{ day: props.maintenanceWindow.day, hour: `${props.maintenanceWindow.hour}:00` }],
        lifecycle,
      });
      const db = new DatabaseDb(this, "db", { clusterId: cluster.id, name: props.databaseName });
      const users = props.users.map((user) => new DatabaseUser(this, `user-${user}`, { clusterId: cluster.id, name: user }));
      this.appUser = users[0];
      this.pool = spec.pool
        ? new DatabaseConnectionPool(this, "pool", {
            clusterId: cluster.id,
            name: `${props.databaseName}-app`,
            mode: spec.pool.mode,
            size: spec.pool.size,
            dbName: db.name,
            user: users[0]?.name,
          })
        : undefined;
      this.cluster = cluster;
      this.privateHost = cluster.privateHost;
      firewallTarget = cluster.id;
    } else {
      const source = new DataDigitaloceanDatabaseCluster(this, "source", { name: spec.sourceClusterName });
      const replica = new DatabaseReplica(this, "replica", {
        clusterId: source.id,
        name: spec.name,
        region: props.region,
        size: spec.size,
        privateNetworkUuid: props.network.vpc.id,
        tags: props.tags,
        lifecycle,
      });
      this.cluster = undefined;
      this.appUser = undefined;
      this.pool = undefined;
      this.privateHost = replica.privateHost;
      firewallTarget = replica.uuid;
    }
    this.firewall = new DatabaseFirewall(this, "firewall", {
      clusterId: firewallTarget,
      rule: props.trustedTags.map((tag) => ({ type: "tag", value: tag })),
    });
  }
}
