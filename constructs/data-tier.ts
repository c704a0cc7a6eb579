import { Construct } from "constructs";
import { cdnHostname, corsOrigins } from "../config/hostnames";
import type { AnyResolvedEnvironment, SharedPlatformConfig } from "../config/types";
import type { Naming } from "../config/naming";
import { Cache } from "./cache";
import { Database } from "./database";
import type { DnsZone } from "./dns-zone";
import type { Network } from "./network";
import type { AddressTransparent } from "./readable-ids";
import { Storage } from "./storage";
import type { StackTags } from "./tags";
import type { TakeoverControl } from "./takeover";
import { TrustedSources } from "./trusted-sources";

export interface DataTierProps {
  readonly platform: SharedPlatformConfig;
  readonly env: AnyResolvedEnvironment;
  readonly naming: Naming;
  readonly network: Network;
  readonly zone: DnsZone;
  readonly tags: StackTags;
  readonly protect: boolean;
  /** dr standing by: its replica checks the takeover guard before any change. */
  readonly takeover?: TakeoverControl;
}

/** One extra cluster and the purpose it was declared under (`audit`). */
export interface ExtraDatabase {
  readonly purpose: string;
  readonly database: Database;
}

/**
 * The stack's data: the SQL cluster (or dr's replica), extra clusters by purpose, the Valkey cache
 * and the Spaces bucket with its CDN. Built before compute, which reads their names and settings;
 * their firewalls admit whatever compute adds to `trusted` (Droplet tags, or the app).
 * Address-transparent: its resources keep the addresses they had at the stack's top level.
 */
export class DataTier extends Construct implements AddressTransparent {
  readonly addressTransparent = true;
  readonly trusted = new TrustedSources();
  readonly database: Database;
  readonly extraDatabases: readonly ExtraDatabase[];
  readonly cache: Cache | undefined;
  readonly storage: Storage | undefined;

  constructor(scope: Construct, id: string, props: DataTierProps) {
    super(scope, id);
    const { platform, env, naming, network } = props;
    const databaseProps = {
      naming,
      network,
      region: env.region,
      trusted: this.trusted,
      tags: props.tags.resource,
      databaseName: platform.app,
      users: platform.databaseUsers,
      maintenanceWindow: env.maintenanceWindow,
      protect: props.protect,
    };
    this.database = new Database(this, "database", {
      ...databaseProps,
      spec: env.database,
      ...(props.takeover?.standbyGuard && "takeover" in env && env.takeover?.side === "standby" ? { replicaGuard: props.takeover.standbyGuard } : {}),
    });
    this.extraDatabases = Object.entries(env.extraDatabases).map(([purpose, spec]) => ({
      purpose,
      database: new Database(this, `database-${purpose}`, {
        ...databaseProps,
        spec,
        ...(spec.kind === "replica" && props.takeover?.standbyGuard && "takeover" in env && env.takeover?.side === "standby" ? { replicaGuard: props.takeover.standbyGuard } : {}),
      }),
    }));
    this.cache = env.cache
      ? new Cache(this, "cache", {
          naming,
          network,
          region: env.region,
          version: platform.valkeyVersion,
          size: env.cache.size,
          nodes: env.cache.nodes,
          trusted: this.trusted,
          tags: props.tags.resource,
          maintenanceWindow: env.maintenanceWindow,
          protect: props.protect,
        })
      : undefined;
    const dump = "backups" in env ? env.backups?.dump : undefined;
    this.storage = env.bucket
      ? new Storage(this, "storage", {
          naming,
          region: env.region,
          bucket: env.bucket,
          origins: corsOrigins(env),
          tempObjectExpiryDays: platform.tempObjectExpiryDays,
          cdn: cdnHostname(env) ? { zone: props.zone, hostname: cdnHostname(env)! } : undefined,
          protect: props.protect,
          ...(dump ? { dumps: { prefix: dump.prefix, retentionDays: dump.retentionDays } } : {}),
        })
      : undefined;
  }

  /** Every cluster: the main one first, then the extras in declared order. */
  get databases(): readonly { readonly label: string; readonly database: Database }[] {
    return [{ label: "database", database: this.database }, ...this.extraDatabases.map((d) => ({ label: `database-${d.purpose}`, database: d.database }))];
  }
}
