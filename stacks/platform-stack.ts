import type { Construct, Node } from "constructs";
import { Aspects, TerraformElement, TerraformOutput, TerraformStack } from "cdktf";
import type { PlatformConfig, ResolvedEnvironment } from "../config/types";
import { AppTier } from "../constructs/app-tier";
import { Cache } from "../constructs/cache";
import { Database } from "../constructs/database";
import { DnsZone } from "../constructs/dns-zone";
import { Edge } from "../constructs/edge";
import { CloudFirewall } from "../constructs/firewall";
import { OpsInputs } from "../constructs/inputs";
import { Monitoring } from "../constructs/monitoring";
import { Naming } from "../config/naming";
import { Network } from "../constructs/network";
import { Project } from "../constructs/project";
import { ReadableLogicalIds } from "../constructs/readable-ids";
import { Storage } from "../constructs/storage";
import { StackTags } from "../constructs/tags";
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
    // What `npm run cost -- --dir` needs to judge this file on its own (Terraform ignores "//").
    this.addOverride("//.platform", { app: platform.app, stack: env.stack, budgetUsd: env.budgetUsd });
    for (const s of env.suppressions ?? []) suppress(this, s.rule, s.reason);

    new TerraformSettings(this, "terraform", { state: platform.state, keyPrefix: platform.app, stackName: env.stack });
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
      hostname: env.hostname,
      app: env.app,
      worker: env.worker,
      backups: env.dropletBackups,
      tls: env.loadBalancerSizeUnit === null ? "droplet" : "load-balancer",
      sshKeys: inputs.sshKeys,
      databaseEngine: platform.database.engine,
      queueConnection: env.cache ? "redis" : "database",
    });

    const edge = new Edge(this, "edge", {
      naming,
      network,
      region: env.region,
      zone,
      hostname: env.hostname,
      sizeUnit: env.loadBalancerSizeUnit,
      targetTag: tags.role("app"),
      fallbackDroplet: tier.appDroplets[0]!,
    });
    new CloudFirewall(this, "firewall", {
      naming,
      targetTag: tags.env,
      adminCidrs: inputs.adminCidrs,
      loadBalancer: edge.loadBalancer,
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
    const database = new Database(this, "database", { ...databaseProps, spec: env.database });
    const extraDatabases = Object.entries(env.extraDatabases).map(
      ([purpose, spec]) => new Database(this, `database-${purpose}`, { ...databaseProps, spec }),
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
        })
      : undefined;

    if (env.alerting) {
      new Monitoring(this, "monitoring", {
        naming,
        dropletTag: tags.env,
        hostname: env.hostname,
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
        ...[database, ...extraDatabases].flatMap((d) => (d.cluster ? [d.cluster.urn] : [])),
        ...(cache ? [cache.cluster.urn] : []),
        ...(storage ? [storage.bucket.urn] : []),
        ...(zone.urn ? [zone.urn] : []),
      ],
    });

    const output = (id: string, value: string, description: string, sensitive = false) =>
      new TerraformOutput(this, id, { value, description, sensitive }).overrideLogicalId(id);
    output("app_url", `https://${env.hostname}`, "Public URL of the app");
    output("public_ip", edge.publicIp, "IPv4 the hostname resolves to (load balancer, or the app Droplet without one)");
    if (edge.loadBalancer) output("load_balancer_ip", edge.loadBalancer.ip, "IPv4 of the load balancer");
    output("database_private_host", database.privateHost, "Private (VPC) host of the database cluster or replica");
    if (database.appUser) output("database_app_password", database.appUser.password, "Password of the application database user", true);
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
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    return this.logicalIds.allocate(this, element);
  }
}
