import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { webSites } from "../../config/hostnames";
import type { PlatformConfig, ResolvedEnvironment } from "../../config/types";
import type { InfraSettings } from "../../runtimes/types";
import { AppTier } from "../app-tier";
import { BackupJobs } from "../backup-jobs";
import { Edge } from "../edge";
import { CloudFirewall } from "../firewall";
import type { AddressTransparent } from "../readable-ids";
import type { TakeoverControl } from "../takeover";
import { withTerraformNulls } from "../terraform-nulls";
import type { ComputeInputs, ComputeResult } from "./types";

export interface DropletComputeProps extends ComputeInputs {
  readonly platform: PlatformConfig;
  readonly env: ResolvedEnvironment;
  readonly takeover?: TakeoverControl;
}

/**
 * The app on Droplets: the app tier (cloud-init per runtime), the edge (load balancer with its
 * certificate, or a reserved IP), the cloud firewall, the backup jobs' keys, and the outputs
 * `npm run deploy` reads. The data tier's firewalls admit the Droplets' role tags.
 * Address-transparent: its resources keep the addresses they had at the stack's top level.
 */
export class DropletCompute extends Construct implements AddressTransparent, ComputeResult {
  readonly addressTransparent = true;
  readonly kind = "droplets";
  readonly projectResources: string[];
  readonly monitoring: ComputeResult["monitoring"];
  readonly publicIp: string;

  constructor(scope: Construct, id: string, props: DropletComputeProps) {
    super(scope, id);
    const { platform, env, naming, network, zone, tags, inputs, data, takeover } = props;
    data.trusted.add(...tags.roles.map((tag) => ({ type: "tag" as const, value: tag })));

    const tier = new AppTier(this, "app-tier", {
      naming,
      tags,
      network,
      region: env.region,
      image: platform.image,
      runtime: platform.runtime,
      ...webSites(env.publicHostnames, env.hostname),
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

    const edge = new Edge(this, "edge", {
      naming,
      network,
      region: env.region,
      zone,
      records: env.publicHostnames.flatMap((h) => (h.of === env.stack && h.recordId ? [{ id: h.recordId, hostname: h.fqdn }] : [])),
      certificateHostnames: env.hostnames,
      healthPath: platform.runtime.healthPath,
      sizeUnit: env.loadBalancerSizeUnit,
      targetTag: tags.role("app"),
      fallbackDroplet: tier.appDroplets[0]!,
      protectAddress: props.protect,
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

    const backupJobs =
      env.backups && data.storage
        ? new BackupJobs(this, "backup-jobs", {
            naming,
            jobs: env.backups,
            destination: data.storage.bucket,
            destinationRegion: env.region,
            database: data.database.settings,
            server: naming.name(env.backups.host),
          })
        : undefined;

    this.publicIp = edge.publicIp;
    this.projectResources = [
      ...tier.all.map((d) => d.urn),
      ...(edge.loadBalancer ? [edge.loadBalancer.urn] : []),
      ...(edge.reservedIp ? [edge.reservedIp.urn] : []),
    ];
    this.monitoring = {
      dropletTag: tags.env,
      healthPath: platform.runtime.healthPath,
      loadBalancer: edge.loadBalancer ? { label: "load-balancer", id: edge.loadBalancer.id } : undefined,
      withBackupHeartbeat: backupJobs !== undefined,
      ...(env.scaleOutAlert ? { scaleOut: { tag: tags.role("app"), ...env.scaleOutAlert } } : {}),
    };

    const output = (oid: string, value: unknown, description: string, sensitive?: boolean) =>
      new TerraformOutput(this, oid, { value, description, ...(sensitive === undefined ? {} : { sensitive }) }).overrideLogicalId(oid);
    output("public_ip", edge.publicIp, "IPv4 the hostname resolves to (load balancer, or the reserved IP of the app Droplet without one)", false);
    if (edge.loadBalancer) output("load_balancer_ip", edge.loadBalancer.ip, "IPv4 of the load balancer", false);

    // What `npm run deploy` delivers to the Droplets: the app's settings (sensitive) and which
    // Droplet runs what. No secret is a literal here: passwords are references to DigitalOcean's.
    const settings: InfraSettings = {
      app_url: `https://${env.appHostname}`,
      database: data.database.settings,
      extra_databases: Object.fromEntries(data.extraDatabases.map((d) => [d.purpose, d.database.settings])),
      cache: data.cache ? data.cache.settings : null,
      // Only a media bucket is the app's to write (dr's and quickcart's are backups).
      bucket: data.storage && env.bucket?.purpose === "media" ? data.storage.settings : null,
    };
    output("app_settings", withTerraformNulls(settings), "Settings of the app (npm run deploy renders them for the runtime)", true);
    output(
      "app_servers",
      Object.fromEntries(tier.servers.map((s) => [s.name, { ipv4_address: s.droplet.ipv4Address, roles: [...s.roles] }])),
      "Each Droplet's public IPv4 and the roles the deploy command gives it (web, worker, scheduler)",
    );
    if (backupJobs) {
      output("backup_settings", withTerraformNulls(backupJobs.settings), "Keys, buckets and database of the backup jobs (npm run deploy writes them to the jobs' Droplet only)", true);
    }
    output("user_data_sha256", tier.userDataSha256, "sha256 of the cloud-init of each Droplet group; a change means running Droplets need a roll (docs/day-two.md)");
  }
}
