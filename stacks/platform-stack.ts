import type { Construct, Node } from "constructs";
import { Aspects, TerraformElement, TerraformOutput, TerraformStack, Token } from "cdktf";
import type { PlatformConfig, ResolvedEnvironment } from "../config/types";
import type { InfraSettings } from "../runtimes/types";
import { AppTier } from "../constructs/app-tier";
import { BackupJobs } from "../constructs/backup-jobs";
import { backupPaths } from "../runtimes/backup";
import { Cache } from "../constructs/cache";
import { Database } from "../constructs/database";
import { DnsZone } from "../constructs/dns-zone";
import { Edge } from "../constructs/edge";
import { CloudFirewall } from "../constructs/firewall";
import { OpsInputs } from "../constructs/inputs";
import { Monitoring } from "../constructs/monitoring";
import { ALERT_THRESHOLDS } from "../config/alerts";
import { Naming } from "../config/naming";
import { stateBucketOf, stateKey } from "../config/validate";
import { Network } from "../constructs/network";
import { Project } from "../constructs/project";
import { ReadableLogicalIds } from "../constructs/readable-ids";
import { Storage } from "../constructs/storage";
import { StackTags } from "../constructs/tags";
import { TakeoverControl } from "../constructs/takeover";
import { TerraformSettings } from "../constructs/terraform-settings";
import { PlatformPolicy } from "../policy/aspect";
import { RULES } from "../policy/rules";
import { suppress } from "../policy/suppressions";

export interface PlatformStackProps {
  readonly platform: PlatformConfig;
  readonly env: ResolvedEnvironment;
}

/**
 * One environment of the platform. Composition only: every decision lives in config/ or a construct.
 * The policy rules run on it as an aspect when it is synthesized (see `policy`).
 */
export class PlatformStack extends TerraformStack {
  readonly policy: PlatformPolicy;
  private readonly logicalIds = new ReadableLogicalIds();

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const { platform, env } = props;
    const naming = new Naming(platform.app, env.stack);
    const protect = env.projectEnvironment === "Production";
    this.policy = new PlatformPolicy(
      { stack: env.stack, appTag: naming.appTag, envTag: naming.envTag, production: protect, budgetUsd: env.budgetUsd },
      RULES,
    );
    Aspects.of(this).add(this.policy);
    // What `npm run cost -- --dir` and `npm run validate -- --dir` need to judge this file on its own
    // (Terraform ignores "//").
    this.addOverride("//.platform", {
      app: platform.app,
      stack: env.stack,
      budgetUsd: env.budgetUsd,
      runtime: platform.runtime.kind,
      healthPath: platform.runtime.healthPath,
      ...(env.takeover ? { drMode: env.takeover.mode } : {}),
    });
    for (const s of env.suppressions ?? []) suppress(this, s.rule, s.reason);

    new TerraformSettings(this, "terraform", {
      backend: { kind: "spaces", bucket: stateBucketOf(platform.state, env.stack), region: platform.state.region, key: stateKey(platform, env.stack) },
    });
    const inputs = new OpsInputs(this, "inputs", { allowSshFromAnywhere: env.allowSshFromAnywhere, alerting: env.alerting });
    const network = new Network(this, "network", { naming, region: env.region, ipRange: env.vpcCidr });
    const zone = new DnsZone(this, "dns", { domain: platform.domain, owned: platform.dnsZoneOwner === env.stack });

    const tags = new StackTags(this, "tags", { naming, roles: env.worker.count > 0 ? ["app", "worker"] : ["app"] });
    const tier = new AppTier(this, "app-tier", {
      naming,
      tags,
      network,
      region: env.region,
      image: platform.image,
      runtime: platform.runtime,
      hostnames: env.hostnames,
      droplets: env.droplets,
      app: env.app,
      worker: env.worker,
      backups: env.dropletBackups,
      tls: env.loadBalancerSizeUnit === null ? "droplet" : "load-balancer",
      sshKeys: inputs.sshKeys,
      databaseEngine: platform.database.engine,
      queue: env.cache ? "redis" : "database",
      ...(env.backups
        ? {
            backupJobs: {
              host: env.backups.host,
              spec: {
                engine: platform.database.engine,
                engineVersion: platform.database.version,
                ...(env.backups.copy ? { copy: { schedule: env.backups.copy.schedule, staleAfterHours: env.backups.copy.staleAfterHours, prefix: env.backups.copy.prefix } } : {}),
                ...(env.backups.dump ? { dump: { schedule: env.backups.dump.schedule, staleAfterHours: env.backups.dump.staleAfterHours, prefix: env.backups.dump.prefix } } : {}),
              },
            },
          }
        : {}),
    });

    const takeover = env.takeover ? new TakeoverControl(this, "takeover", { takeover: env.takeover, zone }) : undefined;
    const edge = new Edge(this, "edge", {
      naming,
      network,
      region: env.region,
      zone,
      hostname: env.hostname,
      certificateHostnames: env.hostnames,
      healthPath: platform.runtime.healthPath,
      sizeUnit: env.loadBalancerSizeUnit,
      targetTag: tags.role("app"),
      fallbackDroplet: tier.appDroplets[0]!,
      protectAddress: protect,
      ...(takeover?.hostTarget ? { recordTarget: takeover.hostTarget } : {}),
      ...(env.takeover?.side === "source" && takeover ? { recordGuard: takeover.standbyGuard } : {}),
    });
    new CloudFirewall(this, "firewall", {
      naming,
      targetTag: tags.env,
      adminCidrs: inputs.adminCidrs,
      loadBalancer: edge.loadBalancer,
      ...(platform.egress ? { egress: { ...platform.egress, vpcCidr: env.vpcCidr } } : {}),
    });

    const databaseProps = {
      naming,
      network,
      region: env.region,
      trustedTags: tags.roles,
      tags: tags.resource,
      databaseName: platform.app,
      users: platform.databaseUsers,
      maintenanceWindow: env.maintenanceWindow,
      protect,
    };
    const database = new Database(this, "database", {
      ...databaseProps,
      spec: env.database,
      ...(env.takeover?.side === "standby" && takeover ? { replicaGuard: takeover.standbyGuard } : {}),
    });
    const extraDatabases = Object.entries(env.extraDatabases).map(
      ([purpose, spec]) =>
        new Database(this, `database-${purpose}`, {
          ...databaseProps,
          spec,
          ...(spec.kind === "replica" && env.takeover?.side === "standby" && takeover ? { replicaGuard: takeover.standbyGuard } : {}),
        }),
    );
    const cache = env.cache
      ? new Cache(this, "cache", {
          naming,
          network,
          region: env.region,
          version: platform.valkeyVersion,
          size: env.cache.size,
          nodes: env.cache.nodes,
          trustedTags: tags.roles,
          tags: tags.resource,
          maintenanceWindow: env.maintenanceWindow,
          protect,
        })
      : undefined;
    const storage = env.bucket
      ? new Storage(this, "storage", {
          naming,
          region: env.region,
          bucket: env.bucket,
          hostname: env.hostname,
          tempObjectExpiryDays: platform.tempObjectExpiryDays,
          cdnZone: env.cdn ? zone : undefined,
          protect,
          ...(env.backups?.dump ? { dumps: { prefix: env.backups.dump.prefix, retentionDays: env.backups.dump.retentionDays } } : {}),
        })
      : undefined;
    const backupJobs =
      env.backups && storage
        ? new BackupJobs(this, "backup-jobs", {
            naming,
            jobs: env.backups,
            destination: storage.bucket,
            destinationRegion: env.region,
            database: database.settings,
            server: naming.name(env.backups.host),
          })
        : undefined;

    if (env.alerting) {
      new Monitoring(this, "monitoring", {
        naming,
        dropletTag: tags.env,
        ...(env.scaleOutAlert ? { scaleOut: { tag: tags.role("app"), ...env.scaleOutAlert } } : {}),
        databases: [
          { label: "database", id: database.alertTarget },
          ...extraDatabases.map((d, i) => ({ label: `database-${Object.keys(env.extraDatabases)[i]!}`, id: d.alertTarget })),
          ...(database.readReplica ? [{ label: "database-read", id: database.readReplica.replica.uuid }] : []),
        ],
        caches: cache ? [{ label: "cache", id: cache.cluster.id }] : [],
        loadBalancer: edge.loadBalancer ? { label: "load-balancer", id: edge.loadBalancer.id } : undefined,
        hostname: env.hostname,
        healthPath: platform.runtime.healthPath,
        thresholds: ALERT_THRESHOLDS,
        ...(backupJobs ? { backupHeartbeatPath: backupPaths(platform.app).heartbeatPath } : {}),
        targets: {
          emails: inputs.alertEmails,
          slackTargets: inputs.slackTargets,
          slackChannel: inputs.slackChannel,
          slackWebhookUrl: inputs.slackWebhookUrl,
        },
      });
    }

    new Project(this, "project", {
      naming,
      environment: env.projectEnvironment,
      resources: [
        ...tier.all.map((d) => d.urn),
        ...(edge.loadBalancer ? [edge.loadBalancer.urn] : []),
        ...(edge.reservedIp ? [edge.reservedIp.urn] : []),
        ...[database, ...extraDatabases].flatMap((d) => (d.cluster ? [d.cluster.urn] : [])),
        ...(cache ? [cache.cluster.urn] : []),
        ...(storage ? [storage.bucket.urn] : []),
        ...(zone.urn ? [zone.urn] : []),
      ],
    });

    const output = (id: string, value: string, description: string, sensitive = false) =>
      new TerraformOutput(this, id, { value, description, sensitive }).overrideLogicalId(id);
    output("app_url", `https://${env.appHostname}`, "Public URL of the app");
    output("public_ip", edge.publicIp, "IPv4 the hostname resolves to (load balancer, or the reserved IP of the app Droplet without one)");
    if (edge.loadBalancer) output("load_balancer_ip", edge.loadBalancer.ip, "IPv4 of the load balancer");
    output("database_private_host", database.privateHost, "Private (VPC) host of the database cluster or replica");
    if (database.appUser) output("database_app_password", database.appUser.password, "Password of the application database user", true);
    // The runtimes' settings have one database host (runtimes/types.ts DatabaseSettings): the read
    // node is for the app to use once it routes reads, so it is an output only, not in app_settings.
    if (database.readReplica) output("database_replica_private_host", database.readReplica.replica.privateHost, "Private (VPC) host of the main database's read-only node (not in app_settings: the runtimes take one database host)");
    if (database.pool) output("database_pool_private_host", database.pool.privateHost, "Private (VPC) host of the app's connection pool (connect here)");
    for (const [i, extra] of extraDatabases.entries()) {
      const purpose = Object.keys(env.extraDatabases)[i]!;
      output(`database_${purpose}_private_host`, extra.privateHost, `Private (VPC) host of the ${purpose} database cluster`);
      if (extra.appUser) output(`database_${purpose}_app_password`, extra.appUser.password, `Password of the application user of the ${purpose} database`, true);
    }
    if (cache) {
      output("cache_private_host", cache.cluster.privateHost, "Private (VPC) host of the Valkey cache");
      output("cache_password", cache.cluster.password, "Password of the Valkey default user", true);
    }
    if (storage) output("bucket_name", storage.bucket.name, "Spaces bucket name");
    if (storage?.cdn) output("cdn_endpoint", `https://${storage.cdnHostname}`, "CDN URL for the bucket");

    // What `npm run deploy` delivers to the Droplets: the app's settings (sensitive) and which
    // Droplet runs what. No secret is a literal here: passwords are references to DigitalOcean's.
    const settings: InfraSettings = {
      app_url: `https://${env.appHostname}`,
      database: database.settings,
      extra_databases: Object.fromEntries(extraDatabases.map((d, i) => [Object.keys(env.extraDatabases)[i]!, d.settings])),
      cache: cache ? cache.settings : null,
      // Only a media bucket is the app's to write (dr's and quickcart's are backups).
      bucket: storage && env.bucket?.purpose === "media" ? storage.settings : null,
    };
    new TerraformOutput(this, "app_settings", { value: withTerraformNulls(settings), description: "Settings of the app (npm run deploy renders them for the runtime)", sensitive: true }).overrideLogicalId("app_settings");
    new TerraformOutput(this, "app_servers", {
      value: Object.fromEntries(tier.servers.map((s) => [s.name, { ipv4_address: s.droplet.ipv4Address, roles: [...s.roles] }])),
      description: "Each Droplet's public IPv4 and the roles the deploy command gives it (web, worker, scheduler)",
    }).overrideLogicalId("app_servers");
    if (backupJobs) {
      new TerraformOutput(this, "backup_settings", {
        value: withTerraformNulls(backupJobs.settings),
        description: "Keys, buckets and database of the backup jobs (npm run deploy writes them to the jobs' Droplet only)",
        sensitive: true,
      }).overrideLogicalId("backup_settings");
    }
    new TerraformOutput(this, "user_data_sha256", {
      value: tier.userDataSha256,
      description: "sha256 of the cloud-init of each Droplet group; a change means running Droplets need a roll (docs/day-two.md)",
    }).overrideLogicalId("user_data_sha256");
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    return this.logicalIds.allocate(this, element);
  }
}

/** cdktf cannot render a plain `null` inside an output's object: Terraform's `null` it can. */
function withTerraformNulls(value: unknown): unknown {
  if (value === null) return Token.nullValue();
  if (Array.isArray(value)) return value.map(withTerraformNulls);
  if (typeof value === "object" && !Token.isUnresolved(value)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, withTerraformNulls(v)]));
  }
  return value;
}
