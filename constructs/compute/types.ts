import type { Naming } from "../../config/naming";
import type { DataTier } from "../data-tier";
import type { DnsZone } from "../dns-zone";
import type { OpsInputs } from "../inputs";
import type { MonitoringProps, Watched } from "../monitoring";
import type { Network } from "../network";
import type { StackTags } from "../tags";

/**
 * What the stack hands to compute, whichever kind: one interface both consume. The data tier holds
 * the clusters, the cache and the bucket (their names, settings and the firewalls' trusted sources).
 */
export interface ComputeInputs {
  readonly naming: Naming;
  readonly network: Network;
  readonly zone: DnsZone;
  readonly tags: StackTags;
  readonly inputs: OpsInputs;
  readonly data: DataTier;
  /** A production stack: what holds data or addresses is protected from a destroy. */
  readonly protect: boolean;
}

/**
 * What a compute construct (Droplets or App Platform) gives back to the stack: the project's
 * resources and what the stack's monitoring watches. What it takes is ComputeInputs, plus its own
 * kind's platform and environment.
 */
export interface ComputeResult {
  readonly kind: "droplets" | "app-platform";
  /** URNs of the compute resources, for the stack's DigitalOcean project. */
  readonly projectResources: readonly string[];
  readonly monitoring: {
    /** Droplets with this tag get CPU, memory and disk alerts (App Platform's are in its app spec). */
    readonly dropletTag: string | undefined;
    readonly loadBalancer: Watched | undefined;
    /** The path the uptime check requests on the stack's hostname (the runtime's, or the app's service's). */
    readonly healthPath: string;
    /** An alert that tells ops to add Droplets (QuickCart's stand-in for autoscaling), if the stack has one. */
    readonly scaleOut?: MonitoringProps["scaleOut"];
    /** The backup jobs' heartbeat exists: the uptime check watches it. */
    readonly withBackupHeartbeat: boolean;
  };
}
