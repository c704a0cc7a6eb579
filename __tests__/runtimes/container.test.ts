/** The container runtime (seeds 001, 002): docker compose from Ubuntu's archive, nginx in front. */
import { parse } from "yaml";
import { PRESETS } from "../../config/presets";
import { CONTAINER, composeFile, hasTagOrDigest } from "../../runtimes/container";
import type { ContainerRuntimeConfig, DropletSpec, InfraSettings } from "../../runtimes/types";

const quickcart = PRESETS.quickcart.platform.runtime as ContainerRuntimeConfig;
const withJobs: ContainerRuntimeConfig = { ...quickcart, worker: { command: ["python", "-m", "app.worker"] }, scheduler: { command: ["python", "-m", "app.cron"] }, migrate: { command: ["alembic", "upgrade", "head"] } };
const spec = (web: boolean): DropletSpec => ({ app: "quickcart", hostnames: ["shop.quickcart.id"], tls: "load-balancer", web, databaseEngine: "pg", queue: "redis" });
const files = (config: ContainerRuntimeConfig, web: boolean) => new Map(CONTAINER.cloudConfig(config, spec(web)).write_files.map((f) => [f.path, f.content]));

describe("cloud-config", () => {
  it("installs Docker Engine and compose from Ubuntu's archive", () => {
    expect(CONTAINER.cloudConfig(quickcart, spec(true)).packages).toEqual(expect.arrayContaining(["docker.io", "docker-compose-v2", "nginx"]));
    expect(CONTAINER.cloudConfig(quickcart, spec(true)).runcmd).toContainEqual(["systemctl", "enable", "--now", "docker", "nginx"]);
  });

  it("nginx proxies to the app's port on loopback", () => {
    expect(files(quickcart, true).get("/etc/nginx/sites-available/quickcart")).toContain(`proxy_pass http://127.0.0.1:${quickcart.port};`);
  });
});

describe("compose file", () => {
  const compose = parse(files(withJobs, true).get("/etc/quickcart/compose.yaml")!);

  it("runs the image the deploy command names, with the app's settings, published on loopback only", () => {
    expect(compose.name).toBe("quickcart");
    expect(compose.services.web).toMatchObject({
      image: "${APP_IMAGE:?set by quickcart-deploy}",
      env_file: ["/etc/quickcart/app.env"],
      ports: [`127.0.0.1:${quickcart.port}:${quickcart.port}`],
      restart: "unless-stopped",
      profiles: ["web"],
    });
  });

  it("runs each optional process from the same image in the profile of its role", () => {
    expect(compose.services.worker).toMatchObject({ profiles: ["worker"], command: ["python", "-m", "app.worker"], image: compose.services.web.image });
    expect(compose.services.scheduler).toMatchObject({ profiles: ["scheduler"], command: ["python", "-m", "app.cron"] });
    expect(compose.services.worker).not.toHaveProperty("ports");
  });

  it("has no web service on worker Droplets, and no services the config does not define", () => {
    expect(Object.keys(parse(files(withJobs, false).get("/etc/quickcart/compose.yaml")!).services)).toEqual(["worker", "scheduler", "migrate"]);
    expect(Object.keys(parse(composeFile(quickcart, "quickcart", ["web"])).services)).toEqual(["web"]);
  });

  it.each([true, false])("the deploy command migrates in a one-off container of the new image before it goes live (web group: %s)", (web) => {
    const script = files(withJobs, web).get("/usr/local/sbin/quickcart-deploy")!;
    // Its own service, in every group: the first Droplet of a rollout may be a worker.
    expect(parse(files(withJobs, web).get("/etc/quickcart/compose.yaml")!).services.migrate).toMatchObject({ profiles: ["migrate"], command: ["alembic", "upgrade", "head"], restart: "no" });
    expect(script).toContain("readonly MIGRATE_SERVICE=migrate");
    expect(script).toContain('compose "$next" --profile "$MIGRATE_SERVICE" run --rm --no-deps "$MIGRATE_SERVICE"');
    expect(script.indexOf("run --rm --no-deps")).toBeLessThan(script.indexOf('mv -f "$next" "$ETC/release.env"'));
  });
});

describe("image references", () => {
  it.each([
    ["ghcr.io/acme/app:1.4.2", true],
    ["acme/app:v2-rc.1", true],
    ["registry.example:5000/acme/app:2", true],
    [`ghcr.io/acme/app@sha256:${"0".repeat(64)}`, true],
    ["ghcr.io/acme/app", false],
    ["registry.example:5000/acme/app", false],
    ["ghcr.io/acme/app:", false],
    ["ghcr.io/acme/app@sha256:abc", false],
    ["ghcr.io/acme/app:1.0; rm -rf /", false],
  ])("%s has a tag or digest: %s", (image, ok) => {
    expect(hasTagOrDigest(image)).toBe(ok);
  });
});

describe("settings", () => {
  const infra: InfraSettings = {
    app_url: "https://shop.quickcart.id",
    database: { engine: "pg", host: "pool.internal", port: 25061, name: "quickcart-app", user: "quickcart_app", password: "s3cr et/+" },
    extra_databases: { audit: { engine: "pg", host: "audit.internal", port: 25060, name: "quickcart", user: "quickcart_app", password: "aud1t" } },
    cache: { host: "cache.internal", port: 25061, user: "default", password: "c4che" },
    bucket: null,
  };

  it("give seed 001's DATABASE_URL, AUDIT_DATABASE_URL and REDIS_URL, over TLS, passwords URL-encoded", () => {
    expect(CONTAINER.settings(quickcart, infra, "quickcart")).toEqual({
      APP_URL: "https://shop.quickcart.id",
      PORT: "8000",
      DATABASE_URL: "postgresql://quickcart_app:s3cr%20et%2F%2B@pool.internal:25061/quickcart-app?sslmode=require",
      AUDIT_DATABASE_URL: "postgresql://quickcart_app:aud1t@audit.internal:25060/quickcart?sslmode=require",
      REDIS_URL: "rediss://default:c4che@cache.internal:25061",
    });
  });
});
