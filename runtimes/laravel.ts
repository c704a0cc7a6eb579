/**
 * Laravel (seed 000): PHP 8.3-FPM behind nginx, composer, queue workers and the scheduler under
 * supervisor. A release is the app's root as a .tar.gz built by CI (`composer install --no-dev`,
 * `npm run build`: seed 000 §9.2 builds both in the CI job), so the Droplets need neither Node nor
 * network access to package registries; composer is installed for people on the Droplet, never run by a deploy.
 * Node 20 is not installed: Ubuntu 24.04's archive has Node 18, and assets are built once, in CI.
 */
import { iniSection } from "./cloud-config";
import { APP_USER, assemble, commonProblems, integerProblems, layout, nginxSite } from "./common";
import { deployScript, type DeployScriptParts } from "./deploy";
import { bucketSettings, renderDotenv } from "./settings";
import type { DropletSpec, LaravelRuntimeConfig, Runtime, RuntimeProblem } from "./types";

/** PHP of Ubuntu 24.04's archive (the image every Droplet runs). */
export const PHP = "8.3";
const EXTENSIONS = ["cli", "redis", "mbstring", "xml", "bcmath", "gd", "curl", "zip", "intl"] as const;
const DB_DRIVER = { mysql: "mysql", pg: "pgsql" } as const;

const fpmSocket = (app: string) => `/run/php/${app}-fpm.sock`;

/** Supervisor waits this long after the worker's --timeout before it kills a worker that is stopping. */
const STOP_MARGIN_SECONDS = 30;

export function phpPackages(engine: "mysql" | "pg", fpm: boolean): string[] {
  return [...(fpm ? [`php${PHP}-fpm`] : []), `php${PHP}-${DB_DRIVER[engine]}`, ...EXTENSIONS.map((e) => `php${PHP}-${e}`)];
}

/** The pool the site talks to; upload limits match nginx's body limit (PHP's default is 2 MB). */
export function fpmPool(app: string, maxUploadMb: number): string {
  return (
    iniSection(app, {
      user: APP_USER,
      group: APP_USER,
      listen: fpmSocket(app),
      "listen.owner": "www-data",
      "listen.group": "www-data",
      "listen.mode": "0660",
      pm: "dynamic",
      "pm.max_children": "10",
      "pm.start_servers": "2",
      "pm.min_spare_servers": "1",
      "pm.max_spare_servers": "3",
      "pm.max_requests": "500",
      "php_admin_value[upload_max_filesize]": `${maxUploadMb}M`,
      "php_admin_value[post_max_size]": `${maxUploadMb}M`,
      "php_admin_flag[expose_php]": "off",
    })
  );
}

export interface SupervisorProgram {
  readonly name: string;
  readonly command: string;
  readonly numprocs: number;
  readonly stopwaitsecs: number;
}

/** The worker and the scheduler: each its own program file, which the deploy command links in by role. */
export function supervisorPrograms(config: LaravelRuntimeConfig, app: string, queue: DropletSpec["queue"]): { worker: SupervisorProgram; scheduler: SupervisorProgram } {
  const artisan = `${layout(app).current}/artisan`;
  const q = config.queue;
  return {
    worker: {
      name: `${app}-worker`,
      // --max-time: workers restart hourly, so a leak or a stale connection never lives long.
      command: `php ${artisan} queue:work ${queue} --tries=${q.tries} --timeout=${q.timeoutSeconds} --sleep=3 --max-time=3600`,
      numprocs: q.processes,
      stopwaitsecs: q.timeoutSeconds + STOP_MARGIN_SECONDS,
    },
    scheduler: { name: `${app}-scheduler`, command: `php ${artisan} schedule:work`, numprocs: 1, stopwaitsecs: 60 },
  };
}

/** Logs go to supervisor's own directory, which its package creates (a missing directory stops supervisord). */
export function supervisorConf(program: SupervisorProgram, app: string): string {
  return iniSection(`program:${program.name}`, {
    process_name: "%(program_name)s_%(process_num)02d",
    command: program.command,
    directory: layout(app).current,
    user: APP_USER,
    numprocs: String(program.numprocs),
    autostart: "true",
    autorestart: "true",
    stopasgroup: "true",
    killasgroup: "true",
    stopwaitsecs: String(program.stopwaitsecs),
    redirect_stderr: "true",
    stdout_logfile: `/var/log/supervisor/${program.name}.log`,
    stdout_logfile_maxbytes: "10MB",
    stdout_logfile_backups: "5",
  });
}

function stopSeconds(config: LaravelRuntimeConfig): number {
  return Math.max(config.queue.timeoutSeconds + STOP_MARGIN_SECONDS, 60);
}

/**
 * Laravel 11's storage tree, parents first: `install -d` gives mode and owner only to the directories
 * it is given, so a parent left out would be root's and unwritable for the app.
 */
export const STORAGE_DIRS = ["", "app", "app/public", "app/private", "framework", "framework/cache", "framework/cache/data", "framework/sessions", "framework/views", "logs"];

/** The runtime's part of the deploy command is laravel/deploy.sh; it reloads php-fpm where it runs. */
function deployParts(spec: DropletSpec): DeployScriptParts {
  return {
    releases: "archive",
    roles: spec.web ? ["web", "worker", "scheduler"] : ["worker", "scheduler"],
    header: { FPM_SERVICE: spec.web ? `php${PHP}-fpm` : "" },
  };
}

export const LARAVEL: Runtime<LaravelRuntimeConfig> = {
  kind: "laravel",

  validate(config): RuntimeProblem[] {
    const q = config.queue;
    const problems = [
      ...commonProblems(config),
      ...integerProblems("queue.processes", q?.processes, 1, 32),
      ...integerProblems("queue.tries", q?.tries, 1, 100),
      ...integerProblems("queue.timeoutSeconds", q?.timeoutSeconds, 1, 3600),
      ...integerProblems("queue.retryAfterSeconds", q?.retryAfterSeconds, 1, 86400),
    ];
    if (problems.length === 0 && q.timeoutSeconds + 10 > q.retryAfterSeconds) {
      problems.push({
        field: "queue.timeoutSeconds",
        value: q.timeoutSeconds,
        allowed: `at least 10 s below queue.retryAfterSeconds (${q.retryAfterSeconds}): a job still running at retry_after is handed to a second worker (Laravel's queue docs)`,
      });
    }
    return problems;
  },

  processes: () => ({ worker: true, scheduler: true }),

  stopSeconds,

  cloudConfig(config, spec) {
    const paths = layout(spec.app);
    const programs = supervisorPrograms(config, spec.app, spec.queue);
    const files = [
      { path: `${paths.etc}/supervisor/worker.conf`, content: supervisorConf(programs.worker, spec.app), permissions: "0644" },
      { path: `${paths.etc}/supervisor/scheduler.conf`, content: supervisorConf(programs.scheduler, spec.app), permissions: "0644" },
      // systemd's default 90 s would kill supervisord before a worker finishes its job.
      {
        path: "/etc/systemd/system/supervisor.service.d/graceful-stop.conf",
        content: iniSection("Service", { TimeoutStopSec: String(stopSeconds(config) + 30) }),
        permissions: "0644",
      },
    ];
    if (spec.web) {
      files.push(
        { path: `/etc/php/${PHP}/fpm/pool.d/${spec.app}.conf`, content: fpmPool(spec.app, config.maxUploadMb), permissions: "0644" },
        {
          path: paths.site,
          content: nginxSite(spec, { kind: "php-fpm", socket: fpmSocket(spec.app), documentRoot: `${paths.current}/public` }, config.maxUploadMb),
          permissions: "0644",
        },
      );
    }
    return assemble(spec, {
      packages: [...phpPackages(spec.databaseEngine, spec.web), "composer", "unzip", "supervisor"],
      files,
      directories: STORAGE_DIRS.map((d) => `${paths.shared}/storage${d === "" ? "" : `/${d}`}`),
      services: spec.web ? ["nginx", `php${PHP}-fpm`, "supervisor"] : ["supervisor"],
      deployScript: deployScript(spec, config.healthPath, "laravel", deployParts(spec)),
    });
  },

  settings(config, infra, app) {
    const db = infra.database;
    const queue = infra.cache ? "redis" : "database";
    const settings: Record<string, string> = {
      APP_ENV: "production",
      APP_DEBUG: "false",
      APP_URL: infra.app_url,
      DB_CONNECTION: db.engine === "pg" ? "pgsql" : "mysql",
      DB_HOST: db.host,
      DB_PORT: String(db.port),
      DB_DATABASE: db.name,
      DB_USERNAME: db.user,
      DB_PASSWORD: db.password,
      // DigitalOcean's managed databases require TLS (seed 000 §5.2). mysqlnd verifies the server once
      // a CA is set, and DigitalOcean signs with a CA per cluster (not the system's): the deploy
      // command writes it next to the settings. pgsql: encrypted, not verified (`require`).
      ...(db.engine === "pg" ? { DB_SSLMODE: "require" } : { MYSQL_ATTR_SSL_CA: layout(app).databaseCa }),
      QUEUE_CONNECTION: queue,
      CACHE_STORE: queue,
      CACHE_DRIVER: queue,
      SESSION_DRIVER: queue,
      REDIS_QUEUE_RETRY_AFTER: String(config.queue.retryAfterSeconds),
      DB_QUEUE_RETRY_AFTER: String(config.queue.retryAfterSeconds),
    };
    if (infra.cache) {
      Object.assign(settings, {
        REDIS_CLIENT: "phpredis",
        // Valkey on DigitalOcean accepts TLS only; phpredis takes it from the host's scheme.
        REDIS_HOST: `tls://${infra.cache.host}`,
        REDIS_PORT: String(infra.cache.port),
        REDIS_USERNAME: infra.cache.user,
        REDIS_PASSWORD: infra.cache.password,
      });
    }
    // seed 000 §7.2: the `spaces` disk reads DO_SPACES_*; its key and secret come from the deployer.
    const bucket = bucketSettings(infra.bucket, "DO_SPACES_");
    if (infra.bucket) Object.assign(settings, { FILESYSTEM_DISK: "spaces", ...bucket });
    return settings;
  },

  renderSettings: renderDotenv,
};
