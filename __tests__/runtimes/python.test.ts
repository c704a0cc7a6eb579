/** The python runtime (seed 003): a venv under gunicorn with uvicorn workers, nginx in front. */
import { PRESETS } from "../../config/presets";
import { PYTHON, pythonUnit } from "../../runtimes/python";
import type { DropletSpec, InfraSettings, PythonRuntimeConfig } from "../../runtimes/types";

const bulletdrop = PRESETS.bulletdrop.platform.runtime as PythonRuntimeConfig;
const spec = (web: boolean): DropletSpec => ({ app: "bulletdrop", hostnames: ["shots.bulletdrop.com"], tls: "load-balancer", web, databaseEngine: "pg", queue: "database" });
const files = (config: PythonRuntimeConfig, web: boolean) => new Map(PYTHON.cloudConfig(config, spec(web)).write_files.map((f) => [f.path, f.content]));
const line = (unit: string, key: string) => new RegExp(`^${key}=(.*)$`, "m").exec(unit)?.[1];

describe("web unit", () => {
  const unit = files(bulletdrop, true).get("/etc/systemd/system/bulletdrop-web.service")!;

  it("runs gunicorn from the live release's venv with uvicorn workers, bound to loopback", () => {
    expect(line(unit, "ExecStart")).toBe(
      `/var/www/bulletdrop/current/.venv/bin/gunicorn ${bulletdrop.module} --worker-class uvicorn.workers.UvicornWorker --workers ${bulletdrop.workers} --bind 127.0.0.1:${bulletdrop.port} --graceful-timeout 30 --access-logfile -`,
    );
  });

  it("starts only once a release is installed, as the app's user, with the app's settings", () => {
    expect(line(unit, "ConditionPathExists")).toBe("/var/www/bulletdrop/current/.venv/bin/gunicorn");
    expect(line(unit, "User")).toBe("www-data");
    expect(line(unit, "EnvironmentFile")).toBe("/etc/bulletdrop/app.env");
    expect(Number(line(unit, "TimeoutStopSec"))).toBeGreaterThan(30);
  });

  it("nginx proxies to gunicorn's port and takes seed 003's 100 MB uploads", () => {
    const site = files(bulletdrop, true).get("/etc/nginx/sites-available/bulletdrop")!;
    expect(site).toContain(`proxy_pass http://127.0.0.1:${bulletdrop.port};`);
    expect(site).toContain("client_max_body_size 100m;");
  });

  it("is not enabled by cloud-init: the deploy command enables what the Droplet's roles name", () => {
    const cloud = PYTHON.cloudConfig(bulletdrop, spec(true));
    expect(cloud.runcmd.flat()).not.toContain("bulletdrop-web.service");
    expect(files(bulletdrop, true).get("/usr/local/sbin/bulletdrop-deploy")).toContain('systemctl enable --quiet "$APP-$role.service"');
  });
});

describe("optional processes and migrations", () => {
  const withJobs: PythonRuntimeConfig = { ...bulletdrop, worker: { command: ["python", "-m", "app.worker", "--queue", "default jobs"] }, scheduler: { command: ["/usr/bin/env", "app-cron"] } };

  it("get their own units, resolved in the venv unless absolute, quoted for systemd", () => {
    expect(line(pythonUnit(withJobs, "bulletdrop", "worker"), "ExecStart")).toBe('/var/www/bulletdrop/current/.venv/bin/python -m app.worker --queue "default jobs"');
    expect(line(pythonUnit(withJobs, "bulletdrop", "scheduler"), "ExecStart")).toBe("/usr/bin/env app-cron");
    expect([...files(withJobs, false).keys()].filter((p) => p.endsWith(".service")).sort()).toEqual([
      "/etc/systemd/system/bulletdrop-scheduler.service",
      "/etc/systemd/system/bulletdrop-worker.service",
    ]);
  });

  it("migrate with the configured command in the new release's venv, before it goes live", () => {
    const script = files(bulletdrop, true).get("/usr/local/sbin/bulletdrop-deploy")!;
    // The argv is a header constant; python/deploy.sh names a bare program by its path in the venv
    // (systemd-run looks a bare name up in the caller's PATH, sudo's secure_path): deploy-script.test.ts runs it.
    expect(script).toContain("readonly -a MIGRATE=(alembic upgrade head)");
    expect(script).toContain('if [[ $program != /* ]]; then program=$dir/.venv/bin/$program; fi');
    const activate = script.indexOf("activate_release()");
    expect(script.indexOf('if ((migrate)); then migrate_release "$dir"; fi', activate)).toBeLessThan(script.indexOf('switch_current "$dir"', activate));
    const { migrate: _none, ...withoutMigration } = bulletdrop;
    expect(files(withoutMigration, true).get("/usr/local/sbin/bulletdrop-deploy")).toContain("readonly -a MIGRATE=()");
  });
});

describe("settings", () => {
  const infra: InfraSettings = {
    app_url: "https://shots.bulletdrop.com",
    database: { engine: "pg", host: "db.internal", port: 25060, name: "bulletdrop", user: "bulletdrop_app", password: "pw" },
    extra_databases: {},
    cache: null,
    bucket: { name: "bulletdrop-prod-media-1a2b3c", region: "nyc3", endpoint: "https://nyc3.digitaloceanspaces.com", cdn_url: "https://media.shots.bulletdrop.com" },
  };

  it("use seed 003's names", () => {
    expect(PYTHON.settings(bulletdrop, infra, "bulletdrop")).toEqual({
      ENVIRONMENT: "production",
      DEBUG: "False",
      APP_URL: "https://shots.bulletdrop.com",
      DATABASE_URL: "postgresql://bulletdrop_app:pw@db.internal:25060/bulletdrop?sslmode=require",
      SPACES_BUCKET: "bulletdrop-prod-media-1a2b3c",
      SPACES_REGION: "nyc3",
      SPACES_ENDPOINT: "https://nyc3.digitaloceanspaces.com",
      CDN_ENDPOINT: "https://media.shots.bulletdrop.com",
    });
  });
});
