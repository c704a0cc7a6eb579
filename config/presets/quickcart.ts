/**
 * QuickCart (seed 001): its Python app as a container image on port 8000 under docker compose
 * (runtime `container`, health /health as in the seed's compose file), PostgreSQL main + audit
 * databases, Valkey, sgp1 with DR in fra1, seed 001's budgets. Deviations from the seed forced by
 * the catalog: the `docker-20-04` image does not exist (Ubuntu 24.04 with Docker from Ubuntu's
 * archive instead); `db-redis-s-2vcpu-4gb` is not a slug (db-s-2vcpu-4gb on Valkey); a 3-node Redis
 * cluster is not offered (Valkey allows one standby: 2 nodes). Ours: seed 001's `allkeys-lru` is set
 * as `volatile_lru`, which keeps queued jobs; the image is pinned to a version (the seed's `:latest`
 * would make every Droplet run whatever was pushed last; a deploy names the release).
 *
 * Data tier: the audit database has the seed's 200 GB disk (`storageGib`, `storage_size_mib`: 140 GiB
 * over the plan's 60, priced per node); the main database has the seed's one read replica in sgp1
 * (`readReplica`, the primary's size, output `database_replica_private_host`; not in the app's
 * settings: the runtimes take one database host, so reads go to the pool until the app routes them).
 * dr holds read-only replicas of both the main and the audit database (seed 001's streaming
 * replication of "databases"). dr can take over (PLATFORM_DR_MODE=failover): the main database is
 * then the promoted cluster named by PLATFORM_DR_PROMOTED_CLUSTER; the audit replica stays a
 * read-only replica (audit writes fail in dr until it is promoted by hand: docs/disaster-recovery.md).
 *
 * Autoscaling (seed 001: 2 to 10 app Droplets at 70 % CPU) is NOT built with `digitalocean_droplet_autoscale`.
 * Provider v2.71.0 digitalocean/dropletautoscale/resource_droplet_autoscale.go: the pool takes a
 * `droplet_template` (size, region, image, tags, ssh_keys, vpc_uuid, user_data) and `config`
 * (min_instances, max_instances, target_cpu_utilization 0–1, cooldown_minutes); DigitalOcean creates and
 * deletes the members, which are not resources of the stack and have no name of ours. Against this
 * platform's deploy model that cannot work honestly: (1) a release reaches the Droplets listed in the
 * stack's `app_servers` output over SSH (`npm run deploy`, deploy/*.ts): a member created after a
 * deploy is in no output, boots from the template's user_data without the release (cloud-init
 * installs the runtime, never the app: runtimes/), and would join the load balancer's tag serving
 * nothing, or an old release; (2) the backup jobs and the jobs' heartbeat live on the named Droplet
 * `app-1` (config/validate.ts BACKUP_HOST); (3) the rolling resize and replacement of the app tier
 * works Droplet by Droplet by name (constructs/app-tier.ts), which a pool's members are not; (4)
 * deleting the pool deletes its Droplets (the provider's Delete calls DeleteDangerous). What replaces
 * it: a fixed count per profile (launch 2, growth 4: PLATFORM_PROD_PROFILE=growth), and in prod an
 * alert on the app Droplets' CPU at the seed's 70 % over 5 minutes (`scaleOutAlert`, by the app tag,
 * below the general 80 % Droplet alert of config/alerts.ts) whose description tells ops to move prod to
 * the growth profile (in growth: to add Droplets to it).
 *
 * Egress (seed 001: "443 and the database"): the Droplets reach any address only on TCP 443, 80 and 53
 * and UDP 53 and 123, and the stack's VPC range on TCP (databases, pool, Valkey); nothing else. 80
 * because Ubuntu's archive mirrors serve apt over http (cloud-init installs docker.io, nginx and the
 * rest from them; apt checks the archive's signed Release files, so http carries no trust); 53 for DNS,
 * 123 for NTP (systemd-timesyncd); 443 for the image registry, Let's Encrypt, Spaces, PostgreSQL's apt
 * repository (backups), the DigitalOcean API and the payment and chat APIs. So DO-FW-2 applies to
 * QuickCart's firewall and passes, without the suppression the other presets carry.
 */
import type { DropletPreset, EnvironmentConfig, ProdProfile, StackName } from "../types";
import { WEEKLY_BACKUPS } from "../types";
import { presetPlatform } from "./platform";

const common = {
  region: "sgp1",
  worker: { count: 0, size: "s-1vcpu-2gb" },
  cdn: false,
  allowSshFromAnywhere: false,
  maintenanceWindow: { day: "sunday", hour: "18:00" },
} as const;

function environments(profile: ProdProfile): Record<StackName, EnvironmentConfig> {
  const prodApp = profile === "growth" ? 4 : 2;
  return {
    dev: {
      ...common,
      vpcCidr: "10.50.0.0/20",
      hostLabel: "dev",
      app: { count: 1, size: "s-1vcpu-1gb" },
      loadBalancerSizeUnit: null,
      database: { kind: "cluster", size: "db-s-1vcpu-1gb", nodes: 1, pool: { mode: "transaction", size: 10 } },
      cache: { size: "db-s-1vcpu-1gb", nodes: 1 },
      bucket: { purpose: "media", versioning: false },
      dropletBackups: false,
      alerting: false,
      allowSshFromAnywhere: true,
      projectEnvironment: "Development",
      budgetUsd: 50,
    },
    staging: {
      ...common,
      vpcCidr: "10.60.0.0/20",
      hostLabel: "staging",
      app: { count: 1, size: "s-1vcpu-2gb" },
      loadBalancerSizeUnit: 1,
      database: { kind: "cluster", size: "db-s-2vcpu-4gb", nodes: 1, pool: { mode: "transaction", size: 20 } },
      cache: { size: "db-s-1vcpu-2gb", nodes: 1 },
      bucket: { purpose: "media", versioning: false },
      dropletBackups: false,
      alerting: true,
      projectEnvironment: "Staging",
      budgetUsd: 150,
    },
    prod: {
      ...common,
      vpcCidr: "10.70.0.0/20",
      hostLabel: "shop",
      app: { count: prodApp, size: "s-2vcpu-4gb" },
      loadBalancerSizeUnit: 1,
      // Seed 001 DATABASE_SCALING: one read replica in sgp1, the primary's region.
      database: { kind: "cluster", size: "db-s-4vcpu-8gb", nodes: 2, pool: { mode: "transaction", size: 20 }, readReplica: { size: "db-s-4vcpu-8gb" } },
      // Seed 001: the audit database's 200 GB ("larger for permanent audit logs"); the plan includes 60.
      extraDatabases: { audit: { kind: "cluster", size: "db-s-2vcpu-4gb", nodes: 2, storageGib: 200 } },
      cache: { size: "db-s-2vcpu-4gb", nodes: 2 },
      bucket: { purpose: "backups", versioning: true, noncurrentVersionExpiryDays: 90 },
      dropletBackups: WEEKLY_BACKUPS,
      alerting: true,
      projectEnvironment: "Production",
      // Seed 001's autoscaling trigger (70 % CPU) as an alert: the header says why no autoscale pool.
      scaleOutAlert: {
        cpuPercent: 70,
        action:
          profile === "launch"
            ? "move prod to the growth profile: PLATFORM_PROD_PROFILE=growth, 4 app Droplets"
            : "growth is the largest profile: add app Droplets to it (seed 001 allows up to 10) or a larger size",
      },
      budgetUsd: 800,
    },
    dr: {
      ...common,
      region: "fra1",
      vpcCidr: "10.80.0.0/20",
      hostLabel: "dr",
      app: { count: 1, size: "s-2vcpu-4gb" },
      loadBalancerSizeUnit: 1,
      database: { kind: "replica", of: "prod" },
      // Seed 001's streaming replication of "databases": the audit database too (its size and 200 GB disk follow prod's).
      extraDatabases: { audit: { kind: "replica", of: "prod" } },
      cache: { size: "db-s-1vcpu-1gb", nodes: 1 },
      bucket: { purpose: "backups", versioning: true, noncurrentVersionExpiryDays: 90 },
      // Seed 001: hourly database backups kept 90 days (backup_retention), application data copied
      // across regions daily and kept 90 days (cross_region_backup).
      backupJobs: {
        copy: { from: "prod", schedule: "*-*-* 01:00:00", staleAfterHours: 26 },
        dump: { schedule: "hourly", retentionDays: 90, staleAfterHours: 3 },
      },
      dropletBackups: WEEKLY_BACKUPS,
      alerting: true,
      projectEnvironment: "Production",
      // Seed 001 sets no DR budget; the replica alone matches prod's 8 GB primary ($120). Raised from
      // $250 for the audit replica (db-s-2vcpu-4gb, $60, and its 140 GiB over the plan's disk, $29.40):
      // $270.20 estimated.
      budgetUsd: 300,
    },
  };
}

export const QUICKCART: DropletPreset = {
  name: "quickcart",
  description: "QuickCart (seed 001): a container on :8000 under docker compose, PostgreSQL 17 main (with a read replica) + audit (200 GB) with standby, pooler, Valkey, sgp1, DR replicas of both in fra1, named egress",
  // State in ams3, outside prod's region: dr's plan reads it in an outage of prod's region (validateStateRegion).
  platform: {
    ...presetPlatform("quickcart", "quickcart.id", { engine: "pg", version: "17" }, "ams3", {
      kind: "container",
      image: "ghcr.io/quickcart/app:1.0.0",
      port: 8000,
      healthPath: "/health",
      maxUploadMb: 10,
    }),
    egress: { tcpPorts: [443, 80, 53], udpPorts: [53, 123] },
  },
  environments,
};
