import { Construct } from "constructs";
import { Droplet } from "@cdktf/provider-digitalocean/lib/droplet";
import { cloudConfig, renderCloudInit, type QueueConnection, type ServerRole, type TlsTermination } from "./cloud-init";
import type { Naming, Role } from "../config/naming";
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
  readonly hostname: string;
  readonly app: DropletGroupProps;
  /** Queue + scheduler Droplets; with count 0 the app Droplets run them too. */
  readonly worker: DropletGroupProps;
  readonly backups: boolean;
  /** Where HTTPS ends for the app Droplets. */
  readonly tls: TlsTermination;
  /** SSH key IDs or fingerprints (a Terraform variable's value). */
  readonly sshKeys: string[];
  /** Selects the PHP database driver cloud-init installs. */
  readonly databaseEngine: "mysql" | "pg";
  /** Where the queue workers take jobs from: the managed cache, or the database without one. */
  readonly queueConnection: QueueConnection;
}

/**
 * App and worker Droplets, one resource each (`<app>-<stack>-app-<n>`), never `count`, so that
 * scaling 2 → 3 adds one Droplet in the plan instead of re-indexing the others.
 */
export class AppTier extends Construct {
  readonly appDroplets: Droplet[];
  readonly workerDroplets: Droplet[];

  constructor(scope: Construct, id: string, props: AppTierProps) {
    super(scope, id);
    const appRole: ServerRole = props.worker.count === 0 ? "all" : "app";
    this.appDroplets = this.group(props, "app", props.app, appRole);
    this.workerDroplets = this.group(props, "worker", props.worker, "worker");
  }

  get all(): Droplet[] {
    return [...this.appDroplets, ...this.workerDroplets];
  }

  private group(props: AppTierProps, role: Role, group: DropletGroupProps, serverRole: ServerRole): Droplet[] {
    const userData = renderCloudInit(cloudConfig({ app: props.naming.app, role: serverRole, hostname: props.hostname, tls: props.tls, databaseEngine: props.databaseEngine, queueConnection: props.queueConnection }));
    return Array.from({ length: group.count }, (_, i) => {
      const name = props.naming.name(`${role}-${i + 1}`);
      return new Droplet(this, `${role}-${i + 1}`, {
        name,
        region: props.region,
        size: group.size,
        image: props.image,
        vpcUuid: props.network.vpc.id,
        monitoring: true,
        backups: props.backups,
        ipv6: false,
        sshKeys: props.sshKeys,
        tags: props.tags.droplet(role),
        userData,
        gracefulShutdown: true,
      });
    });
  }
}
