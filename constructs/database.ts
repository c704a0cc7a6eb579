import { Construct } from "constructs";
import type { TrustedSources } from "./trusted-sources";
import { Fn, Op, TerraformStack, type Precondition } from "cdktf";
import { DatabaseCluster } from "@cdktf/provider-digitalocean/lib/database-cluster";
import { DatabaseConnectionPool } from "@cdktf/provider-digitalocean/lib/database-connection-pool";
import { DatabaseDb } from "@cdktf/provider-digitalocean/lib/database-db";
import { DatabaseFirewall } from "@cdktf/provider-digitalocean/lib/database-firewall";
import { DatabaseReplica } from "@cdktf/provider-digitalocean/lib/database-replica";
import { DatabaseUser } from "@cdktf/provider-digitalocean/lib/database-user";
import { DataDigitaloceanDatabaseCluster } from "@cdktf/provider-digitalocean/lib/data-digitalocean-database-cluster";
import { DataDigitaloceanDatabaseUser } from "@cdktf/provider-digitalocean/lib/data-digitalocean-database-user";
import { DataDigitaloceanDatabaseCa } from "@cdktf/provider-digitalocean/lib/data-digitalocean-database-ca";
import { DATABASE_SIZES, gibToMib } from "../catalog/databases";
import type { MaintenanceWindow, ResolvedDatabase } from "../config/types";
import type { Naming } from "../config/naming";
import type { DatabaseSettings } from "../runtimes/types";
import type { Network } from "./network";
import { readableLogicalId } from "./readable-ids";

export interface DatabaseProps {
  readonly naming: Naming;
  readonly network: Network;
  readonly region: string;
  readonly spec: ResolvedDatabase;
  /** Who the database firewall admits (compute adds its Droplet tags or its app). */
  readonly trusted: TrustedSources;
  /** Tags of the cluster itself (app + environment). */
  readonly tags: string[];
  /** Application database name. */
  readonly databaseName: string;
  /** Users created by Terraform (the first is the app's); grants come from a SQL migration (the provider has no MySQL grants). */
  readonly users: readonly string[];
  readonly maintenanceWindow: MaintenanceWindow;
  /** Adds `lifecycle.prevent_destroy` (prod and dr data). */
  readonly protect: boolean;
  /** Conditions a replica checks before any change (the takeover guard of standby mode). */
  readonly replicaGuard?: Precondition[];
}

/**
 * Managed MySQL or PostgreSQL: either a cluster with its application database and users (and, on
 * PostgreSQL, optionally a PgBouncer pool for the app user), or a read-only replica of another
 * stack's cluster found by its deterministic name (its password is read from the API, not from the
 * source's state), or — after failover — that replica promoted to a cluster of its own, found by the
 * name the operator gives (PLATFORM_DR_PROMOTED_CLUSTER) and checked.
 * Either way exactly one database firewall, trusting the stack's Droplet tags.
 */
export class Database extends Construct {
  /** The cluster this stack owns, if any (replicas are billed and projected with their source). */
  readonly cluster: DatabaseCluster | undefined;
  readonly privateHost: string;
  readonly firewall: DatabaseFirewall;
  /**
   * The UUID monitor alerts and the database firewall address: the cluster's, the replica's own
   * `uuid`, or the promoted cluster's (the firewall resource takes the replica's uuid as its
   * cluster_id the same way).
   */
  readonly alertTarget: string;
  /** The first user (the application's), if this stack owns the cluster. */
  readonly appUser: DatabaseUser | undefined;
  /** The application database's name, by reference to it (so what connects waits until it exists), when this stack owns the cluster. */
  readonly dbName: string | undefined;
  /** The app's connection pool, where configured: apps connect here, not to the cluster. */
  readonly pool: DatabaseConnectionPool | undefined;
  /** How the app connects: the pool where there is one, else the cluster (or replica) as the app user. */
  readonly settings: DatabaseSettings;
  /** The cluster's same-region read-only node (`readReplica` in the config), with its own database firewall. */
  readonly readReplica: { readonly replica: DatabaseReplica; readonly firewall: DatabaseFirewall } | undefined;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const spec = props.spec;
    const appUserName = props.users[0];
    if (appUserName === undefined) throw new Error(`${this.node.path}: the database needs at least one user (the app's)`);
    const trusted = props.trusted.rules(`${this.node.path}/firewall`);
    if (spec.kind === "cluster") {
      const cluster = new DatabaseCluster(this, "cluster", {
        name: spec.name,
        engine: spec.engine,
        version: spec.version,
        size: spec.size,
        nodeCount: spec.nodes,
        region: props.region,
        // storage_size_mib resizes in place, never replaces (provider v2.71.0 resource_database_cluster.go:
        // not ForceNew; Update sends it with the resize request when it changed). Absent: the plan's base disk.
        ...(spec.storageGib !== undefined ? { storageSizeMib: gibToMib(spec.storageGib) } : {}),
        privateNetworkUuid: props.network.vpc.id,
        tags: props.tags,
        maintenanceWindow: [{ day: props.maintenanceWindow.day, hour: `${props.maintenanceWindow.hour}:00` }],
        lifecycle: { preventDestroy: props.protect },
      });
      const db = new DatabaseDb(this, "db", { clusterId: cluster.id, name: props.databaseName });
      this.dbName = db.name;
      const users = props.users.map((user) => new DatabaseUser(this, `user-${user}`, { clusterId: cluster.id, name: user }));
      const app = users[0]!;
      this.appUser = app;
      this.pool = spec.pool
        ? new DatabaseConnectionPool(this, "pool", {
            clusterId: cluster.id,
            name: `${props.databaseName}-app`,
            mode: spec.pool.mode,
            size: spec.pool.size,
            dbName: db.name,
            user: app.name,
          })
        : undefined;
      this.cluster = cluster;
      this.privateHost = cluster.privateHost;
      const ca = new DataDigitaloceanDatabaseCa(this, "ca", { clusterId: cluster.id }).certificate;
      this.settings = this.pool
        ? { engine: spec.engine, host: this.pool.privateHost, port: this.pool.port, name: this.pool.name, user: app.name, password: app.password, ca_certificate: ca }
        : { engine: spec.engine, host: cluster.privateHost, port: cluster.port, name: db.name, user: app.name, password: app.password, ca_certificate: ca };
      this.firewall = new DatabaseFirewall(this, "firewall", { clusterId: cluster.id, rule: trusted });
      this.alertTarget = cluster.id;
      if (spec.readReplica) {
        // A read-only node in the cluster's region and the stack's VPC. Its trusted sources are its
        // own: the firewall resource takes the replica's uuid as its cluster_id, as dr's replica's
        // does (the API's firewall endpoint is per database UUID; rule DO-DB-1 wants one per replica).
        const replica = new DatabaseReplica(this, "read", {
          clusterId: cluster.id,
          name: `${spec.name}-read`,
          region: props.region,
          size: spec.readReplica.size,
          privateNetworkUuid: props.network.vpc.id,
          tags: props.tags,
          // Replica tags are ForceNew (provider v2.71.0 database/resource_database_replica.go), which prevent_destroy refuses.
          lifecycle: { preventDestroy: props.protect, ignoreChanges: ["tags"] },
        });
        this.readReplica = { replica, firewall: new DatabaseFirewall(this, "read-firewall", { clusterId: replica.uuid, rule: trusted }) };
      } else {
        this.readReplica = undefined;
      }
      return;
    }
    this.readReplica = undefined;
    this.cluster = undefined;
    this.appUser = undefined;
    this.pool = undefined;
    let clusterId: string;
    let firewallTarget: string;
    let port: number;
    if (spec.kind === "replica") {
      const source = new DataDigitaloceanDatabaseCluster(this, "source", { name: spec.sourceClusterName });
      const replica = new DatabaseReplica(this, "replica", {
        clusterId: source.id,
        name: spec.name,
        region: props.region,
        size: spec.size,
        // The source's disk where it has more than its plan includes: the replica holds the same data
        // (`storage_size_mib` is in the provider's replica schema at v2.71.0: @cdktf/provider-digitalocean 13.14.1).
        ...(spec.storageGib !== undefined ? { storageSizeMib: gibToMib(spec.storageGib) } : {}),
        privateNetworkUuid: props.network.vpc.id,
        tags: props.tags,
        lifecycle: {
          preventDestroy: props.protect,
          // Replica tags force a new replica (provider v2.71.0 database/resource_database_replica.go:
          // `tags` is ForceNew), which prevent_destroy then refuses: the whole plan would fail on a tag edit.
          ignoreChanges: ["tags"],
          precondition: [replicaSizeGuard(spec.size, source.size), ...(props.replicaGuard ?? [])],
        },
      });
      clusterId = source.id;
      firewallTarget = replica.uuid;
      this.privateHost = replica.privateHost;
      port = replica.port;
    } else {
      // The promoted replica: read, not managed (importing it is a later, calm decision). The replica
      // resource of standby mode leaves the state without being destroyed (Terraform ≥ 1.7 `removed`
      // block): after promotion the provider no longer finds it, and a plan would create it again.
      const stack = TerraformStack.of(this);
      stack.addOverride("removed", [
        { from: `digitalocean_database_replica.${readableLogicalId(stack, this.node, "replica")}`, lifecycle: { destroy: false } },
      ]);
      // Found by the name the operator gave (PLATFORM_DR_PROMOTED_CLUSTER), then checked: the data
      // source lists the account's clusters on the API and picks the one of that name; with none it
      // sets no id and no error (provider v2.71.0 digitalocean/database/datasource_database_cluster.go),
      // which the SDK turns into an object of nulls (terraform-plugin-sdk/v2 helper/schema
      // StateValueFromInstanceState: "construct a complete cty.Value with null attributes"). The
      // postcondition turns that, or a cluster of another region or engine (prod's own, say), into an
      // error naming the variable, before the user and CA are read by its id.
      const promoted = new DataDigitaloceanDatabaseCluster(this, "promoted", { name: spec.name });
      promoted.addOverride("lifecycle.postcondition", [
        {
          condition: `\${self.id != null && self.region == "${props.region}" && self.engine == "${spec.engine}"}`,
          error_message:
            `PLATFORM_DR_PROMOTED_CLUSTER=${spec.name}: no ${spec.engine} cluster of that name in ${props.region} (this stack's region). ` +
            "Give the name of the cluster the replica became, as `doctl databases list` shows it once promotion has finished (docs/disaster-recovery.md).",
        },
      ]);
      clusterId = promoted.id;
      firewallTarget = promoted.id;
      this.privateHost = promoted.privateHost;
      port = promoted.port;
    }
    // The app's user lives on the source (replicated to the replica); after failover it is read from
    // the promoted cluster by its id, and a promoted cluster without it fails here, at plan time (the
    // runbook's drill checks that promotion keeps the users before it is needed). Its password is
    // read from the API, never from the source stack's state.
    const user = new DataDigitaloceanDatabaseUser(this, "app-user", { clusterId, name: appUserName });
    // The replica's certificate comes from its source's CA (the promoted cluster's own after failover).
    const ca = new DataDigitaloceanDatabaseCa(this, "ca", { clusterId }).certificate;
    this.settings = { engine: spec.engine, host: this.privateHost, port, name: props.databaseName, user: user.name, password: user.password, ca_certificate: ca };
    this.firewall = new DatabaseFirewall(this, "firewall", { clusterId: firewallTarget, rule: trusted });
    this.alertTarget = firewallTarget;
  }
}

/**
 * DigitalOcean refuses a read-only replica smaller than its primary. The replica follows the source's
 * profile, so switching profiles needs an order: growth resizes dr's replica before prod's primary,
 * launch shrinks prod's primary before dr's replica. This refuses dr's apply when the order is wrong.
 */
function replicaSizeGuard(size: keyof typeof DATABASE_SIZES, sourceSize: string): Precondition {
  const memory = Object.fromEntries(Object.entries(DATABASE_SIZES).map(([slug, plan]) => [slug, plan.memoryGib]));
  return {
    // An unknown source size counts as larger than any plan: the guard fails rather than passes.
    condition: Op.lte(Fn.lookup(memory, sourceSize, 1024), DATABASE_SIZES[size].memoryGib),
    errorMessage:
      `This replica would be ${size}, smaller than its source's primary, and DigitalOcean refuses a replica smaller than its primary. ` +
      "Growing (launch → growth): apply this stack (dr) before the source (prod). Shrinking: apply the source first.",
  };
}
