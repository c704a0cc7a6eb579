/**
 * FreshTrack Pro (seed 002): its Node (Fastify) backend as a container image on port 3000 under
 * docker compose (runtime `container`, health /health as the seed checks it), one Droplet per
 * environment with nginx and certbot in front (no load balancer; nginx takes the place of the
 * seed's Caddy), managed PostgreSQL 15 behind its PgBouncer pool (the seed's "always use the -pooler
 * endpoint"), no Spaces (the seed's default USE_DO_SPACES=false) and no managed cache (the seed's
 * Redis container is the app's business). The seed's environment is 10.116.0.0/20; the other
 * stacks take the next /20s (a VPC range must be unused in the account: check before the first
 * apply if the seed system exists). The seed has no DR; dr is a read-only replica in sfo3 with one
 * Droplet, a copy of the data that cannot take over the hostname (no load balancer to hold a
 * certificate for it), so PLATFORM_DR_MODE=failover is refused. Hostnames as the seed's DNS table:
 * the app on the apex freshtrackpro.com, www a 301 to it (the seed's A record for www serves the same
 * site; one canonical name keeps cookies and links on one origin); its optional monitoring and
 * status names are left out (nothing here serves them).
 */
import type { DropletPreset, EnvironmentConfig, ProdProfile, StackName } from "../types";
import { WEEKLY_BACKUPS } from "../types";
import { presetPlatform } from "./platform";

const common = {
  region: "nyc3",
  worker: { count: 0, size: "s-1vcpu-2gb" },
  loadBalancerSizeUnit: null,
  cache: null,
  bucket: null,
  cdn: false,
  allowSshFromAnywhere: false,
  maintenanceWindow: { day: "sunday", hour: "06:00" },
} as const;

function environments(profile: ProdProfile): Record<StackName, EnvironmentConfig> {
  return {
    dev: {
      ...common,
      vpcCidr: "10.116.32.0/20",
      hostLabel: "dev",
      app: { count: 1, size: "s-1vcpu-1gb" },
      database: { kind: "cluster", size: "db-s-1vcpu-1gb", nodes: 1, pool: { mode: "transaction", size: 10 } },
      dropletBackups: false,
      alerting: false,
      allowSshFromAnywhere: true,
      projectEnvironment: "Development",
      budgetUsd: 50,
    },
    staging: {
      ...common,
      vpcCidr: "10.116.16.0/20",
      hostLabel: "staging",
      app: { count: 1, size: "s-2vcpu-2gb" },
      database: { kind: "cluster", size: "db-s-1vcpu-1gb", nodes: 1, pool: { mode: "transaction", size: 10 } },
      dropletBackups: false,
      alerting: true,
      projectEnvironment: "Staging",
      budgetUsd: 100,
    },
    prod: {
      ...common,
      vpcCidr: "10.116.0.0/20",
      // Seed 002 serves freshtrackpro.com and www: the app on the apex, www redirects there.
      hostLabel: "@",
      // Seed 002: s-2vcpu-4gb recommended; its high-traffic table doubles to s-4vcpu-8gb and db-s-2vcpu-4gb.
      app: { count: 1, size: profile === "growth" ? "s-4vcpu-8gb" : "s-2vcpu-4gb" },
      database:
        profile === "growth"
          ? { kind: "cluster", size: "db-s-2vcpu-4gb", nodes: 2, pool: { mode: "transaction", size: 40 } }
          : { kind: "cluster", size: "db-s-1vcpu-2gb", nodes: 2, pool: { mode: "transaction", size: 20 } },
      dropletBackups: WEEKLY_BACKUPS,
      alerting: true,
      projectEnvironment: "Production",
      budgetUsd: 200,
    },
    dr: {
      ...common,
      region: "sfo3",
      vpcCidr: "10.116.48.0/20",
      hostLabel: "dr",
      app: { count: 1, size: "s-1vcpu-2gb" },
      database: { kind: "replica", of: "prod" },
      dropletBackups: WEEKLY_BACKUPS,
      alerting: true,
      projectEnvironment: "Production",
      budgetUsd: 100,
    },
  };
}

export const FRESHTRACK: DropletPreset = {
  name: "freshtrack",
  description: "FreshTrack Pro (seed 002): a container on :3000 on a single Droplet, managed PostgreSQL 15 with a PgBouncer pool, no Spaces, no managed cache",
  // State in ams3, outside prod's region: dr's plan reads it in an outage of prod's region (validateStateRegion).
  platform: {
    ...presetPlatform("freshtrack", "freshtrackpro.com", { engine: "pg", version: "15" }, "ams3", {
      kind: "container",
      image: "ghcr.io/freshtrack-pro/backend:1.0.0",
      port: 3000,
      healthPath: "/health",
      maxUploadMb: 10,
    }),
    // Every stack serves both under its base name (staging: staging.freshtrackpro.com and www.staging…).
    hostnames: [
      { name: "@", serves: "app" },
      { name: "www", serves: "redirect", to: "@" },
    ],
  },
  environments,
};
