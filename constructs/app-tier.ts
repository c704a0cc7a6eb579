import { createHash } from "node:crypto";
import { Construct } from "constructs";
import { markRollingChainStep, TerraformData } from "./terraform-data";
import { Droplet } from "@cdktf/provider-digitalocean/lib/droplet";
import type { Naming } from "../config/naming";
import type { DropletBackupPolicy, DropletPlan } from "../config/types";
import { escapeTemplate, renderCloudInit } from "../runtimes/cloud-config";
import { renderScript } from "../runtimes/shell";
import { runtimeOf } from "../runtimes";
import type { BackupSpec } from "../runtimes/backup";
import type { DropletSpec, ProcessRole, RuntimeConfig } from "../runtimes/types";
import { HEALTH_CHECK } from "./edge";
import type { Network } from "./network";
import type { StackTags } from "./tags";

export interface DropletGroupProps {
  readonly count: number;
  readonly size: string;
}

export interface AppTierProps {
  readonly naming: Naming;
  readonly tags: StackTags;
  readonly network: Network;
  readonly region: string;
  readonly image: string;
  readonly runtime: RuntimeConfig;
  /** Hostnames the web tier answers with the app (the stack's own first). */
  readonly hostnames: readonly string[];
  /** Hostnames that serve the frontend's static files, and those that redirect (config/hostnames.ts webSites). */
  readonly frontendHostnames?: readonly string[];
  readonly redirects?: DropletSpec["redirects"];
  /** Every Droplet and its roles (config/validate.ts `planDroplets`). */
  readonly droplets: readonly DropletPlan[];
  readonly app: DropletGroupProps;
  readonly worker: DropletGroupProps;
  readonly backups: false | DropletBackupPolicy;
  /** Where HTTPS ends for the app Droplets. */
  readonly tls: DropletSpec["tls"];
  /** SSH key IDs or fingerprints (a Terraform variable's value). */
  readonly sshKeys: string[];
  readonly databaseEngine: DropletSpec["databaseEngine"];
  /** Where queued jobs live: the managed cache, or the database without one. */
  readonly queue: DropletSpec["queue"];
  /** The backup jobs and the one Droplet (plan id) whose user_data holds them. */
  readonly backupJobs?: { readonly host: string; readonly spec: BackupSpec };
}

/** One Droplet as the deploy command sees it. */
export interface Server {
  readonly name: string;
  readonly group: "app" | "worker";
  readonly droplet: Droplet;
  readonly roles: readonly ProcessRole[];
}

/**
 * Margin on top of the runtime's graceful stop for the Droplet's delete: the provider shuts the
 * Droplet down (graceful_shutdown) and waits for "off" within the delete timeout, 60 s by default
 * (provider v2.71.0 digitalocean/droplet/resource_droplet.go, resourceDigitalOceanDropletDelete).
 */
const SHUTDOWN_MARGIN_SECONDS = 150;

/**
 * The rolling resize's health wait (runtimes/roll/health-wait.sh): after an app Droplet behind the
 * load balancer was resized (the provider powers it off, hard, and on again: resource_droplet.go),
 * the next one waits until this one answers its health path as the load balancer checks it (HTTP
 * :80, `healthyThreshold` answers `checkIntervalSeconds` apart), at most `timeoutSeconds`, else the
 * apply fails there. It polls the Droplet's public IPv4 from the machine running Terraform: the
 * only per-Droplet health signal that machine can reach (the load balancer takes an unhealthy
 * Droplet out of rotation, so a check through it never sees one; the API's load balancer object has
 * no per-Droplet health), which is why the firewall lets :80 in from `admin_cidrs` too
 * (constructs/firewall.ts). A Droplet created less than `newWithinSeconds` ago runs no release yet.
 */
export const HEALTH_WAIT = { timeoutSeconds: 600, newWithinSeconds: 1800 } as const;

/**
 * App and worker Droplets, one resource each (`<app>-<stack>-app-<n>`), never `count`, so that
 * scaling 2 → 3 adds one Droplet in the plan instead of re-indexing the others.
 *
 * cloud-init prepares a Droplet to run the runtime; what it runs (web, worker, scheduler) is given
 * by the deploy command with each release (`servers[].roles`), so roles, failover and a new release
 * never touch user_data. Day 2 (provider v2.71.0 resource_droplet.go: `user_data`, `ssh_keys`,
 * `image` and `region` force a new Droplet; `size` is resized in place, powered off):
 * - `ignore_changes` on `user_data` and `ssh_keys`: both only matter when a Droplet is created, so
 *   editing cloud-init or adding an SSH key replaces nothing (before, it replaced every Droplet at
 *   once, destroy first). New Droplets get the new user_data; running ones are rolled one at a
 *   time (docs/day-two.md), watched by the `user_data_sha256` output.
 * - `create_before_destroy`: whatever still replaces a Droplet (image, region, `-replace`) adds the
 *   new one before the old one goes.
 * - `resize_disk = false`: only CPU and RAM change, so a Droplet created at the smaller size can go
 *   back to it (a grown disk cannot shrink; one created at the larger size never can).
 * - the delete timeout covers the graceful shutdown, which waits for workers to finish their job.
 * - app Droplets behind a load balancer change one at a time: each depends on a `terraform_data`
 *   that is replaced when the previous Droplet's size changes and waits (local-exec `sleep`) until it
 *   serves again, so a profile switch never powers off every backend at once. Terraform itself
 *   runs independent updates in parallel.
 */
export class AppTier extends Construct {
  readonly servers: readonly Server[];
  /** sha256 of each group's user_data: shows in the plan when cloud-init changed and a roll is due. */
  readonly userDataSha256: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: AppTierProps) {
    super(scope, id);
    const runtime = runtimeOf(props.runtime);
    const deleteMinutes = Math.ceil((runtime.stopSeconds(props.runtime) + SHUTDOWN_MARGIN_SECONDS) / 60);
    const userData = (group: "app" | "worker", backups?: BackupSpec) =>
      renderCloudInit(
        runtime.cloudConfig(props.runtime, {
          app: props.naming.app,
          hostnames: props.hostnames,
          ...(props.frontendHostnames && props.frontendHostnames.length > 0 ? { frontendHostnames: props.frontendHostnames } : {}),
          ...(props.redirects && props.redirects.length > 0 ? { redirects: props.redirects } : {}),
          tls: props.tls,
          web: group === "app",
          databaseEngine: props.databaseEngine,
          queue: props.queue,
          ...(backups ? { backups } : {}),
        }),
      );
    // One document per group, and one more for the Droplet that runs the backup jobs ("backups"):
    // the jobs exist on that Droplet alone.
    const host = props.backupJobs ? props.droplets.find((d) => d.id === props.backupJobs!.host) : undefined;
    if (props.backupJobs && !host) throw new Error(`backup jobs: no Droplet ${props.backupJobs.host} in this stack (${props.droplets.map((d) => d.id).join(", ")})`);
    const variantOf = (plan: DropletPlan) => (plan === host ? "backups" : plan.group);
    const variants = [...new Set(props.droplets.map(variantOf))];
    const rendered = new Map(variants.map((v) => [v, v === "backups" ? userData(host!.group, props.backupJobs!.spec) : userData(v as "app" | "worker")]));
    this.userDataSha256 = Object.fromEntries(variants.map((v) => [v, createHash("sha256").update(rendered.get(v)!).digest("hex")]));
    let previousApp: { id: string; name: string; droplet: Droplet } | undefined;
    this.servers = props.droplets.map((plan) => {
      const size = plan.group === "app" ? props.app.size : props.worker.size;
      const name = props.naming.name(plan.id);
      const droplet = new Droplet(this, plan.id, {
        name,
        region: props.region,
        size,
        image: props.image,
        vpcUuid: props.network.vpc.id,
        monitoring: true,
        backups: props.backups !== false,
        ...(props.backups ? { backupPolicy: { plan: props.backups.plan, weekday: props.backups.weekday, hour: props.backups.hour } } : {}),
        ipv6: false,
        sshKeys: props.sshKeys,
        tags: props.tags.droplet(plan.group),
        userData: escapeTemplate(rendered.get(variantOf(plan))!),
        gracefulShutdown: true,
        resizeDisk: false,
        timeouts: { delete: `${deleteMinutes}m` },
        lifecycle: { createBeforeDestroy: true, ignoreChanges: ["user_data", "ssh_keys"] },
        ...(plan.group === "app" && props.tls === "load-balancer" && previousApp ? { dependsOn: [this.settle(previousApp.id, previousApp.droplet, previousApp.name, props)] } : {}),
      });
      if (plan.group === "app") previousApp = { id: plan.id, name, droplet };
      return { name, group: plan.group, droplet, roles: plan.roles };
    });
  }

  /**
   * Waits after `droplet` was created or resized until it serves again (Terraform's builtin
   * terraform_data; no provider). Marked as the rolling chain's step: the one provisioner policy
   * rule DO-SEC-2 allows.
   */
  private settle(id: string, droplet: Droplet, name: string, props: AppTierProps): TerraformData {
    const script = renderScript({
      comment: [`Health wait after ${name} was resized (constructs/app-tier.ts, runtimes/roll/health-wait.sh).`],
      header: {
        HOST: props.hostnames[0]!,
        HEALTH_PATH: props.runtime.healthPath,
        HEALTHY_THRESHOLD: HEALTH_CHECK.healthyThreshold,
        INTERVAL: HEALTH_CHECK.checkIntervalSeconds,
        TIMEOUT: HEALTH_WAIT.timeoutSeconds,
        NEW_WITHIN: HEALTH_WAIT.newWithinSeconds,
      },
      files: ["roll/health-wait.sh"],
    });
    return markRollingChainStep(
      new TerraformData(this, `${id}-settled`, {
        triggersReplace: { size: droplet.size },
        provisioners: [
          {
            type: "local-exec",
            interpreter: ["/bin/bash", "-c"],
            command: escapeTemplate(script),
            environment: { DROPLET_NAME: name, DROPLET_IP: droplet.ipv4Address, CREATED_AT: droplet.createdAt },
          },
        ],
      }),
    );
  }

  get all(): Droplet[] {
    return this.servers.map((s) => s.droplet);
  }

  get appDroplets(): Droplet[] {
    return this.servers.filter((s) => s.group === "app").map((s) => s.droplet);
  }
}
