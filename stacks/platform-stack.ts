import type { Construct, Node } from "constructs";
import { Aspects, TerraformElement, TerraformStack } from "cdktf";
import { isAppPlatform, type AppPlatformConfig, type PlatformConfig, type ResolvedAppPlatformEnvironment, type ResolvedEnvironment } from "../config/types";
import type { ComputeResult } from "../constructs/compute/types";
import { backupPaths } from "../runtimes/backup";
import { DataTier } from "../constructs/data-tier";
import { DnsZone } from "../constructs/dns-zone";
import { DropletCompute } from "../constructs/compute/droplets";
import { OpsInputs } from "../constructs/inputs";
import { Monitoring } from "../constructs/monitoring";
import { ALERT_THRESHOLDS } from "../config/alerts";
import { Naming } from "../config/naming";
import { stateBucketOf, stateKey } from "../config/validate";
import { Network } from "../constructs/network";
import { Project } from "../constructs/project";
import { ReadableLogicalIds } from "../constructs/readable-ids";
import { stackOutputs } from "../constructs/stack-outputs";
import { StackTags } from "../constructs/tags";
import { TakeoverControl } from "../constructs/takeover";
import { TerraformSettings } from "../constructs/terraform-settings";
import { PlatformPolicy } from "../policy/aspect";
import { RULES } from "../policy/rules";
import { suppress } from "../policy/suppressions";

export type PlatformStackProps =
  | { readonly platform: PlatformConfig; readonly env: ResolvedEnvironment }
  | { readonly platform: AppPlatformConfig; readonly env: ResolvedAppPlatformEnvironment };

/**
 * One environment of the platform. Composition only: every decision lives in config/ or a construct.
 * It reads as a list: state, inputs, network, zone, tags, data tier, compute (Droplets or App
 * Platform, the preset's choice), monitoring, project, outputs. The policy rules run on it as an
 * aspect when it is synthesized (see `policy`).
 */
export class PlatformStack extends TerraformStack {
  readonly policy: PlatformPolicy;
  private readonly logicalIds = new ReadableLogicalIds();

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const { platform, env } = props;
    const onDroplets = !isAppPlatform(props.platform);
    const naming = new Naming(platform.app, env.stack);
    const protect = env.projectEnvironment === "Production";
    this.policy = new PlatformPolicy(
      { stack: env.stack, appTag: naming.appTag, envTag: naming.envTag, production: protect, budgetUsd: env.budgetUsd, domain: platform.domain },
      RULES,
    );
    Aspects.of(this).add(this.policy);
    // What `npm run cost -- --dir` and `npm run validate -- --dir` need to judge this file on its own
    // (Terraform ignores "//").
    this.addOverride("//.platform", stackMetadata(props));
    for (const s of env.suppressions ?? []) suppress(this, s.rule, s.reason);

    new TerraformSettings(this, "terraform", {
      backend: { kind: "spaces", bucket: stateBucketOf(platform.state, env.stack), region: platform.state.region, key: stateKey(platform, env.stack) },
    });
    const inputs = new OpsInputs(this, "inputs", { allowSshFromAnywhere: "allowSshFromAnywhere" in env && env.allowSshFromAnywhere, alerting: env.alerting, droplets: onDroplets });
    const network = new Network(this, "network", { naming, region: env.region, ipRange: env.vpcCidr });
    const zone = new DnsZone(this, "dns", { domain: platform.domain, owned: platform.dnsZoneOwner === env.stack });
    const tags = new StackTags(this, "tags", { naming, roles: "worker" in env ? (env.worker.count > 0 ? ["app", "worker"] : ["app"]) : [] });
    const takeover = "takeover" in env && env.takeover ? new TakeoverControl(this, "takeover", { takeover: env.takeover, zone }) : undefined;
    const data = new DataTier(this, "data", { platform, env, naming, network, zone, tags, protect, ...(takeover ? { takeover } : {}) });
    const shared = { naming, network, zone, tags, inputs, data, protect };
    const compute: ComputeResult =
      props.platform.compute === undefined
        ? new DropletCompute(this, "compute", { ...shared, platform: props.platform, env: props.env as ResolvedEnvironment, ...(takeover ? { takeover } : {}) })
        : new (appPlatformCompute())(this, "compute", { ...shared, platform: props.platform, env: props.env as ResolvedAppPlatformEnvironment });
    if (env.alerting) {
      new Monitoring(this, "monitoring", {
        naming,
        dropletTag: compute.monitoring.dropletTag,
        ...(compute.monitoring.scaleOut ? { scaleOut: compute.monitoring.scaleOut } : {}),
        databases: [
          ...data.databases.map((d) => ({ label: d.label, id: d.database.alertTarget })),
          ...(data.database.readReplica ? [{ label: "database-read", id: data.database.readReplica.replica.uuid }] : []),
        ],
        caches: data.cache ? [{ label: "cache", id: data.cache.cluster.id }] : [],
        loadBalancer: compute.monitoring.loadBalancer,
        hostname: env.hostname,
        healthPath: compute.monitoring.healthPath,
        thresholds: ALERT_THRESHOLDS,
        ...(compute.monitoring.withBackupHeartbeat ? { backupHeartbeatPath: backupPaths(platform.app).heartbeatPath } : {}),
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
        ...compute.projectResources,
        ...data.databases.flatMap((d) => (d.database.cluster ? [d.database.cluster.urn] : [])),
        ...(data.cache ? [data.cache.cluster.urn] : []),
        ...(data.storage ? [data.storage.bucket.urn] : []),
        ...(zone.urn ? [zone.urn] : []),
      ],
    });
    stackOutputs(this, env.appHostname, data);
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    return this.logicalIds.allocate(this, element);
  }
}

/** The `//.platform` block: what `npm run cost|validate -- --dir` read to judge a stack file alone. */
function stackMetadata(props: PlatformStackProps): Record<string, unknown> {
  const { platform, env } = props;
  const common = { app: platform.app, stack: env.stack, budgetUsd: env.budgetUsd };
  if (props.platform.compute !== undefined) return { ...common, compute: "app-platform" };
  const p = props.platform;
  const e = props.env as ResolvedEnvironment;
  // The names nginx serves the release's frontend/ on: the boot stage checks one answers with it.
  const frontends = e.publicHostnames.filter((h) => h.of === e.stack && h.serves === "frontend").map((h) => h.fqdn);
  return {
    ...common,
    runtime: p.runtime.kind,
    healthPath: p.runtime.healthPath,
    ...(frontends.length > 0 ? { frontendHostnames: frontends } : {}),
    ...(e.takeover ? { drMode: e.takeover.mode } : {}),
  };
}

/**
 * Loaded only for an App Platform stack: the provider's app binding is a large module (about 45 ms
 * to load), which Droplet stacks never need (docs/PERFORMANCE.md).
 */
function appPlatformCompute(): typeof import("../constructs/compute/app-platform").AppPlatformCompute {
  return (require("../constructs/compute/app-platform") as typeof import("../constructs/compute/app-platform")).AppPlatformCompute;
}
