/** The Laravel runtime (seed 000): PHP-FPM behind nginx, workers and scheduler under supervisor. */
import { PLATFORM } from "../../config/environments";
import { LARAVEL, PHP, supervisorPrograms } from "../../runtimes/laravel";
import type { DropletSpec, InfraSettings, LaravelRuntimeConfig } from "../../runtimes/types";

const config = PLATFORM.runtime as LaravelRuntimeConfig;
const spec = (web: boolean, patch: Partial<DropletSpec> = {}): DropletSpec => ({
  app: "bizsocials",
  hostnames: ["app.bizsocials.io"],
  tls: "load-balancer",
  web,
  databaseEngine: "mysql",
  queue: "redis",
  ...patch,
});
const filesOf = (web: boolean, patch: Partial<DropletSpec> = {}) => new Map(LARAVEL.cloudConfig(config, spec(web, patch)).write_files.map((f) => [f.path, f.content]));

describe("packages", () => {
  it("web Droplets get nginx, php-fpm, the seed's extensions, composer and supervisor; workers php-cli and no web server", () => {
    const web = LARAVEL.cloudConfig(config, spec(true)).packages;
    const worker = LARAVEL.cloudConfig(config, spec(false)).packages;
    for (const p of ["nginx", `php${PHP}-fpm`, `php${PHP}-cli`, `php${PHP}-mysql`, `php${PHP}-redis`, `php${PHP}-mbstring`, `php${PHP}-xml`, `php${PHP}-bcmath`, `php${PHP}-gd`, `php${PHP}-curl`, `php${PHP}-zip`, "composer", "supervisor"]) {
      expect(web).toContain(p);
    }
    expect(worker).toEqual(expect.arrayContaining([`php${PHP}-cli`, `php${PHP}-redis`, "supervisor", "composer"]));
    expect(worker).not.toContain("nginx");
    expect(worker).not.toContain(`php${PHP}-fpm`);
  });

  it.each([
    ["mysql", `php${PHP}-mysql`, `php${PHP}-pgsql`],
    ["pg", `php${PHP}-pgsql`, `php${PHP}-mysql`],
  ] as const)("the database driver follows the engine: %s installs %s, not %s", (engine, wanted, unwanted) => {
    const packages = LARAVEL.cloudConfig(config, spec(true, { databaseEngine: engine })).packages;
    expect(packages).toContain(wanted);
    expect(packages).not.toContain(unwanted);
  });
});

describe("web", () => {
  const files = filesOf(true);
  const site = files.get("/etc/nginx/sites-available/bizsocials")!;
  const pool = files.get(`/etc/php/${PHP}/fpm/pool.d/bizsocials.conf`)!;

  it("nginx serves the live release's public/ through the pool's socket", () => {
    expect(site).toContain("root /var/www/bizsocials/current/public;");
    const socket = /^listen=(.+)$/m.exec(pool)![1];
    expect(site).toContain(`fastcgi_pass unix:${socket};`);
    // $realpath_root: the release `current` points at now, so opcache never serves the previous one.
    expect(site).toContain("fastcgi_param SCRIPT_FILENAME $realpath_root$fastcgi_script_name;");
  });

  it("accepts uploads up to the runtime's limit in nginx and in PHP alike", () => {
    expect(site).toContain(`client_max_body_size ${config.maxUploadMb}m;`);
    expect(pool).toContain(`php_admin_value[upload_max_filesize]=${config.maxUploadMb}M`);
    expect(pool).toContain(`php_admin_value[post_max_size]=${config.maxUploadMb}M`);
  });

  it("runs the pool as the app's user", () => {
    expect(pool).toMatch(/^user=www-data$/m);
  });
});

describe("directories", () => {
  it("give the app's group every directory of the shared storage tree, parents included (install -d sets mode and owner on the named ones only)", () => {
    const installs = LARAVEL.cloudConfig(config, spec(true)).runcmd.filter((c) => c[0] === "install" && c[1] === "-d" && c.some((w) => w.startsWith("/var/www/")));
    const appDirs = installs.flatMap((c) => c.slice(8));
    const storage = installs.find((c) => c[3] === "2770" && c[7] === "www-data")!.slice(8);
    expect(storage[0]).toBe("/var/www/bizsocials/shared/storage");
    expect(storage).toEqual(expect.arrayContaining(["/var/www/bizsocials/shared/storage/logs", "/var/www/bizsocials/shared/storage/framework/views"]));
    for (const dir of appDirs) {
      const parent = dir.slice(0, dir.lastIndexOf("/"));
      if (parent !== "/var/www") expect({ dir, parentListedFirst: appDirs.indexOf(parent) >= 0 && appDirs.indexOf(parent) < appDirs.indexOf(dir) }).toEqual({ dir, parentListedFirst: true });
    }
  });
});

describe("workers and scheduler", () => {
  const files = filesOf(false);
  const worker = files.get("/etc/bizsocials/supervisor/worker.conf")!;
  const scheduler = files.get("/etc/bizsocials/supervisor/scheduler.conf")!;
  const setting = (text: string, key: string) => new RegExp(`^${key}=(.*)$`, "m").exec(text)![1]!;

  it("are program files the deploy command links in by role, not supervisor's conf.d (read at install, before a release exists)", () => {
    expect(worker).toMatch(/^\[program:bizsocials-worker\]$/m);
    expect(scheduler).toMatch(/^\[program:bizsocials-scheduler\]$/m);
    expect([...files.keys()].some((p) => p.startsWith("/etc/supervisor/conf.d/"))).toBe(false);
  });

  it("run queue:work with --timeout below retry_after, and supervisor waits longer than --timeout to stop one", () => {
    const command = setting(worker, "command");
    const timeout = Number(/--timeout=(\d+)/.exec(command)![1]);
    expect(command).toMatch(/^php \/var\/www\/bizsocials\/current\/artisan queue:work redis /);
    expect(timeout).toBe(config.queue.timeoutSeconds);
    expect(timeout).toBeLessThan(config.queue.retryAfterSeconds);
    expect(Number(setting(worker, "stopwaitsecs"))).toBeGreaterThan(timeout);
    expect(setting(scheduler, "command")).toBe("php /var/www/bizsocials/current/artisan schedule:work");
  });

  it("run as the app's user, logging where supervisor's package creates the directory", () => {
    for (const program of [worker, scheduler]) {
      expect(setting(program, "user")).toBe("www-data");
      expect(setting(program, "stdout_logfile")).toMatch(/^\/var\/log\/supervisor\/[\w-]+\.log$/);
    }
  });

  it("systemd gives supervisor longer to stop than its slowest program", () => {
    const dropIn = files.get("/etc/systemd/system/supervisor.service.d/graceful-stop.conf")!;
    const stop = Number(/^TimeoutStopSec=(\d+)$/m.exec(dropIn)![1]);
    for (const program of [worker, scheduler]) expect(stop).toBeGreaterThan(Number(setting(program, "stopwaitsecs")));
    expect(LARAVEL.stopSeconds(config)).toBeGreaterThanOrEqual(Number(setting(worker, "stopwaitsecs")));
  });

  it.each(["redis", "database"] as const)("take jobs from the %s connection", (queue) => {
    expect(supervisorPrograms(config, "acme", queue).worker.command).toContain(`queue:work ${queue} `);
  });
});

describe("deploy command", () => {
  const script = (web: boolean) => filesOf(web).get("/usr/local/sbin/bizsocials-deploy")!;

  it("lets web Droplets take every role and worker Droplets no web role", () => {
    expect(script(true)).toContain("readonly ALLOWED_ROLES='web worker scheduler'");
    expect(script(false)).toContain("readonly ALLOWED_ROLES='worker scheduler'");
  });

  it("reloads php-fpm where there is one, restarts the workers after a switch, and waits for the health path", () => {
    // php-fpm's unit is a header constant (empty where there is no php-fpm) that laravel/deploy.sh reloads.
    expect(script(true)).toContain(`readonly FPM_SERVICE=php${PHP}-fpm`);
    expect(script(true)).toContain('if [[ -n $FPM_SERVICE ]]; then systemctl reload "$FPM_SERVICE"; fi');
    expect(script(false)).toContain("readonly FPM_SERVICE=''");
    expect(script(false)).not.toContain("php8.3-fpm");
    expect(script(true)).toContain("queue:restart");
    expect(script(true)).toContain(`readonly HEALTH_URL=http://127.0.0.1${config.healthPath}`);
  });
});

describe("settings", () => {
  const infra: InfraSettings = {
    app_url: "https://app.bizsocials.io",
    database: { engine: "mysql", host: "db.internal", port: 25060, name: "bizsocials", user: "bizsocials_app", password: "p4ss" },
    extra_databases: {},
    cache: { host: "cache.internal", port: 25061, user: "default", password: "c4che" },
    bucket: { name: "bizsocials-prod-media-abc123", region: "nyc3", endpoint: "https://nyc3.digitaloceanspaces.com", cdn_url: "https://media.app.bizsocials.io" },
  };

  it("connect Laravel to the database over TLS, the cache as queue, session and cache store, and the seed's spaces disk", () => {
    expect(LARAVEL.settings(config, infra, "bizsocials")).toMatchObject({
      APP_URL: "https://app.bizsocials.io",
      DB_CONNECTION: "mysql",
      DB_HOST: "db.internal",
      DB_PORT: "25060",
      DB_PASSWORD: "p4ss",
      // The cluster's own CA, written by the deploy command: mysqlnd verifies once a CA is set.
      MYSQL_ATTR_SSL_CA: "/etc/bizsocials/database-ca.pem",
      REDIS_HOST: "tls://cache.internal",
      QUEUE_CONNECTION: "redis",
      SESSION_DRIVER: "redis",
      CACHE_STORE: "redis",
      REDIS_QUEUE_RETRY_AFTER: String(config.queue.retryAfterSeconds),
      FILESYSTEM_DISK: "spaces",
      DO_SPACES_BUCKET: "bizsocials-prod-media-abc123",
      DO_SPACES_CDN_URL: "https://media.app.bizsocials.io",
    });
  });

  it("put the queue on the database where there is no cache, and PostgreSQL on TLS", () => {
    const settings = LARAVEL.settings(config, { ...infra, cache: null, bucket: null, database: { ...infra.database, engine: "pg" } }, "bizsocials");
    expect(settings).toMatchObject({ QUEUE_CONNECTION: "database", DB_CONNECTION: "pgsql", DB_SSLMODE: "require", DB_QUEUE_RETRY_AFTER: String(config.queue.retryAfterSeconds) });
    expect(settings).not.toHaveProperty("REDIS_HOST");
    expect(settings).not.toHaveProperty("FILESYSTEM_DISK");
  });
});
