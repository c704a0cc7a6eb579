/**
 * What a Droplet runs, as data. A preset names one runtime config (its `kind` picks the runtime in
 * `runtimes/index.ts`); the runtime turns it into cloud-config, a deploy command on the Droplet, and
 * the app's settings. Every runtime puts nginx on :80 in front of the app, so the load balancer (or
 * certbot, without one) always talks to the same web server.
 */
import type { BackupSpec } from "./backup";
import type { CloudConfig } from "./cloud-config";

interface RuntimeBase {
  /**
   * A path the app itself answers with 200 once a release is installed: the load balancer's health
   * check and the uptime check use it. Before a release nothing answers it (no fake 200 from nginx).
   */
  readonly healthPath: string;
  /** Largest request body accepted (nginx, and PHP's upload limits), in MB. */
  readonly maxUploadMb: number;
}

/** A command run in the app's environment: argv, no shell. */
export type Command = readonly string[];

/** Laravel on PHP-FPM behind nginx, queue workers and the scheduler under supervisor (seed 000). */
export interface LaravelRuntimeConfig extends RuntimeBase {
  readonly kind: "laravel";
  readonly queue: {
    /** `queue:work` processes per worker Droplet. */
    readonly processes: number;
    readonly tries: number;
    /** `queue:work --timeout`; must stay below `retryAfterSeconds` or a long job runs twice. */
    readonly timeoutSeconds: number;
    /** Laravel's `retry_after`, written to the settings (`REDIS_QUEUE_RETRY_AFTER`, `DB_QUEUE_RETRY_AFTER`). */
    readonly retryAfterSeconds: number;
  };
}

/** An image run with docker compose, nginx in front (seeds 001 and 002). */
export interface ContainerRuntimeConfig extends RuntimeBase {
  readonly kind: "container";
  /** `registry/name:tag` or `registry/name@sha256:…`: a tag or a digest is required. */
  readonly image: string;
  /** Port the app listens on inside the container; published on 127.0.0.1 only. */
  readonly port: number;
  /** Optional processes from the same image, each its own compose service. */
  readonly worker?: { readonly command: Command };
  readonly scheduler?: { readonly command: Command };
  /** Run once per deploy, on the first server, before the new image serves. */
  readonly migrate?: { readonly command: Command };
}

/** A Python ASGI app in a venv under gunicorn with uvicorn workers, nginx in front (seed 003). */
export interface PythonRuntimeConfig extends RuntimeBase {
  readonly kind: "python";
  /** The ASGI application, `module:attribute` (seed 003: `app.main:app`). */
  readonly module: string;
  /** gunicorn binds 127.0.0.1:<port>. */
  readonly port: number;
  /** gunicorn worker processes. */
  readonly workers: number;
  readonly worker?: { readonly command: Command };
  readonly scheduler?: { readonly command: Command };
  /** Run once per deploy in the new release's venv, on the first server (seed 003: alembic). */
  readonly migrate?: { readonly command: Command };
}

export type RuntimeConfig = LaravelRuntimeConfig | ContainerRuntimeConfig | PythonRuntimeConfig;
export type RuntimeKind = RuntimeConfig["kind"];

/** Processes a Droplet may run; `web` is nginx + the app server, the others are optional per runtime. */
export const PROCESS_ROLES = ["web", "worker", "scheduler"] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

/** What the app tier tells a runtime about one group of Droplets. */
export interface DropletSpec {
  /** The app's name: directories, users, units and the deploy command are named after it. */
  readonly app: string;
  /** Hostnames the web server answers with the app; the first is the stack's own (the health host). */
  readonly hostnames: readonly string[];
  /** Hostnames that serve the frontend's static files (the live release's `frontend/`); python runtime only. */
  readonly frontendHostnames?: readonly string[];
  /** Hostnames that answer with a 301 to another hostname, same path and query. */
  readonly redirects?: readonly { readonly from: string; readonly to: string }[];
  /** Where HTTPS ends: at the load balancer, or on the Droplet (certbot). */
  readonly tls: "load-balancer" | "droplet";
  /** Whether this group serves HTTP (app Droplets) or only runs jobs (worker Droplets). */
  readonly web: boolean;
  readonly databaseEngine: "mysql" | "pg";
  /** Where queued jobs live: the managed cache, or the database in stacks without one. */
  readonly queue: "redis" | "database";
  /** The backup jobs, on the one Droplet that runs them (runtimes/backup.ts). */
  readonly backups?: BackupSpec;
}

/** One database as the app connects to it (a pool where there is one). */
export interface DatabaseSettings {
  readonly engine: "mysql" | "pg";
  readonly host: string;
  readonly port: string | number;
  readonly name: string;
  readonly user: string;
  readonly password: string;
  /**
   * PEM of the cluster's CA (`digitalocean_database_ca`): DigitalOcean signs each cluster's server
   * certificate with a CA of its own, so a client that verifies (PHP's mysqlnd does, once any SSL
   * option is set) needs it. The deploy command writes it to /etc/<app>/database-ca.pem.
   */
  readonly ca_certificate?: string;
}

/**
 * The stack's `app_settings` output (sensitive): what Terraform knows that the app needs. The deploy
 * command reads it with `terraform output -json` and the runtime maps it to the app's variables.
 */
export interface InfraSettings {
  readonly app_url: string;
  readonly database: DatabaseSettings;
  /** More databases by purpose (seed 001's `audit`). */
  readonly extra_databases: Readonly<Record<string, DatabaseSettings>>;
  readonly cache: { readonly host: string; readonly port: string | number; readonly user: string; readonly password: string } | null;
  readonly bucket: { readonly name: string; readonly region: string; readonly endpoint: string; readonly cdn_url: string | null } | null;
}

/** A problem with a runtime config: the field inside `runtime`, the bad value, what is allowed. */
export interface RuntimeProblem {
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
}

export interface Runtime<C extends RuntimeConfig = RuntimeConfig> {
  readonly kind: C["kind"];
  validate(config: C): RuntimeProblem[];
  /** Which optional processes the config defines (every runtime has `web`). */
  processes(config: C): { readonly worker: boolean; readonly scheduler: boolean };
  cloudConfig(config: C, droplet: DropletSpec): CloudConfig;
  /**
   * Seconds the runtime's processes may take to stop gracefully (a worker finishing its job): the
   * Droplet's delete timeout and the process manager's stop timeout must exceed it.
   */
  stopSeconds(config: C): number;
  /** The app's variables from Terraform's outputs (app secrets come from the deployer's environment). */
  settings(config: C, infra: InfraSettings, app: string): Record<string, string>;
  /** Renders settings in the syntax the app's loader reads (dotenv, systemd EnvironmentFile, compose env_file). */
  renderSettings(settings: Readonly<Record<string, string>>): string;
}
