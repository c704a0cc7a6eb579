import type { MonitoringProps, Watched } from "../monitoring";

/**
 * What a compute construct (Droplets or App Platform) gives back to the stack: the project's
 * resources and what the stack's monitoring watches. What it takes is the same for both: the
 * stack's naming, network, zone, tags, inputs and its DataTier (constructs/data-tier.ts).
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
