/**
 * A container image under docker compose (seeds 001 and 002), nginx in front. Docker Engine and the
 * compose plugin come from Ubuntu's archive (`docker.io`, `docker-compose-v2`). The app publishes its
 * port on 127.0.0.1 only; nginx on :80 proxies to it, so the load balancer (or certbot, without one)
 * talks to the same web server as in every other runtime. That replaces seed 002's Caddy: TLS ends at
 * the load balancer or with certbot, as everywhere else. A release is an image reference (a tag or a
 * digest); optional worker, scheduler and migration commands run from the same image.
 */
import { stringify } from "yaml";
import { assemble, commandProblems, commonProblems, integerProblems, layout, nginxSite } from "./common";
import { deployScript, type DeployScriptParts } from "./deploy";
import { bucketSettings, cacheUrl, databaseUrl, purposePrefix, renderComposeEnvFile } from "./settings";
import type { ContainerRuntimeConfig, DropletSpec, Runtime, RuntimeProblem } from "./types";

const WEB_STOP_SECONDS = 30;
const JOB_STOP_SECONDS = 90;

/** `registry/name:tag` or `registry/name@sha256:<64 hex>`; a registry port's colon is not a tag. */
export function hasTagOrDigest(image: string): boolean {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/.test(image)) return false;
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const last = image.slice(image.lastIndexOf("/") + 1);
  return /^[a-z0-9][a-z0-9._-]*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(last);
}

type Service = "web" | "worker" | "scheduler";
/** The one-off compose service (and profile) of the migration. */
const MIGRATE_SERVICE = "migrate" as const;
type ComposeService = Service | typeof MIGRATE_SERVICE;

function servicesOf(config: ContainerRuntimeConfig): Service[] {
  return ["web", ...(config.worker ? (["worker"] as const) : []), ...(config.scheduler ? (["scheduler"] as const) : [])];
}

/**
 * The compose file. Each service sits in the profile of its role, so the deploy command starts
 * exactly the roles of this Droplet; the image comes from /etc/<app>/release.env, which the deploy
 * command writes. Containers restart with Docker after a reboot (`unless-stopped`).
 */
export function composeFile(config: ContainerRuntimeConfig, app: string, services: readonly Service[]): string {
  // The migration is a one-off service of its own, in every group, so it runs on whichever Droplet comes first.
  const all: ComposeService[] = [...services, ...(config.migrate ? [MIGRATE_SERVICE] : [])];
  const paths = layout(app);
  const base = {
    image: `\${APP_IMAGE:?set by ${app}-deploy}`,
    env_file: [paths.settings],
    restart: "unless-stopped",
    logging: { driver: "journald", options: { tag: `${app}-{{.Name}}` } },
  };
  const entries = all.map((service): [string, object] => {
    if (service === "web") {
      return ["web", { ...base, profiles: ["web"], environment: { PORT: String(config.port) }, ports: [`127.0.0.1:${config.port}:${config.port}`], stop_grace_period: `${WEB_STOP_SECONDS}s` }];
    }
    if (service === MIGRATE_SERVICE) return [MIGRATE_SERVICE, { ...base, profiles: [MIGRATE_SERVICE], command: [...config.migrate!.command], restart: "no" }];
    return [service, { ...base, profiles: [service], command: [...config[service]!.command], stop_grace_period: `${JOB_STOP_SECONDS}s` }];
  });
  return `# Written by cloud-init; ${app}-deploy runs it with the image named in ${paths.etc}/release.env.\n` + stringify({ name: app, services: Object.fromEntries(entries) }, { lineWidth: 0 });
}

/** The runtime's part of the deploy command is container/deploy.sh; each role is a compose service. */
function deployParts(config: ContainerRuntimeConfig, spec: DropletSpec): DeployScriptParts {
  return {
    releases: "image",
    roles: servicesOf(config).filter((s) => spec.web || s !== "web"),
    // The one-off service composeFile adds for the migration (empty: none configured).
    header: { MIGRATE_SERVICE: config.migrate ? MIGRATE_SERVICE : "" },
  };
}

export const CONTAINER: Runtime<ContainerRuntimeConfig> = {
  kind: "container",

  validate(config): RuntimeProblem[] {
    const problems = [
      ...commonProblems(config),
      ...integerProblems("port", config.port, 1024, 65535),
      ...commandProblems("worker", config.worker),
      ...commandProblems("scheduler", config.scheduler),
      ...commandProblems("migrate", config.migrate),
    ];
    if (typeof config.image !== "string" || !hasTagOrDigest(config.image) || config.image.toLowerCase().endsWith(":latest")) {
      problems.push({
        field: "image",
        value: config.image,
        allowed: "an image with a version tag (not latest, which changes under running Droplets) or a digest, e.g. ghcr.io/acme/app:1.4.2 or ghcr.io/acme/app@sha256:<64 hex digits>",
      });
    }
    return problems;
  },

  processes: (config) => ({ worker: config.worker !== undefined, scheduler: config.scheduler !== undefined }),

  stopSeconds: () => JOB_STOP_SECONDS,

  cloudConfig(config, spec) {
    const paths = layout(spec.app);
    const services = servicesOf(config).filter((s) => spec.web || s !== "web");
    const files = [{ path: `${paths.etc}/compose.yaml`, content: composeFile(config, spec.app, services), permissions: "0644" }];
    if (spec.web) {
      files.push({ path: paths.site, content: nginxSite(spec, { kind: "http", port: config.port }, config.maxUploadMb), permissions: "0644" });
    }
    return assemble(spec, {
      packages: ["docker.io", "docker-compose-v2"],
      files,
      directories: [],
      services: ["docker", ...(spec.web ? ["nginx"] : [])],
      deployScript: deployScript(spec, config.healthPath, "container", deployParts(config, spec)),
    });
  },

  settings(config, infra, _app) {
    const settings: Record<string, string> = {
      APP_URL: infra.app_url,
      PORT: String(config.port),
      DATABASE_URL: databaseUrl(infra.database),
    };
    // seed 001: DATABASE_URL, AUDIT_DATABASE_URL, REDIS_URL.
    for (const [purpose, db] of Object.entries(infra.extra_databases)) settings[`${purposePrefix(purpose)}DATABASE_URL`] = databaseUrl(db);
    if (infra.cache) settings.REDIS_URL = cacheUrl(infra.cache);
    return { ...settings, ...bucketSettings(infra.bucket, "SPACES_") };
  },

  renderSettings: renderComposeEnvFile,
};
