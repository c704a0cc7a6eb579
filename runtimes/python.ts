/**
 * Python (seed 003): an ASGI app in a venv under gunicorn with uvicorn workers on 127.0.0.1, nginx
 * in front, migrations (alembic) run once per deploy. A release is the app's root as a .tar.gz with a
 * `requirements.txt` that installs gunicorn and uvicorn; the deploy command builds the venv in the
 * release's own directory. Where the stack serves a frontend (hostnames with serves "frontend"), the
 * archive also carries the frontend's built static files under `frontend/` (with its index.html),
 * which nginx serves from the live release. Python is Ubuntu 24.04's 3.12: the archive has no 3.11 (seed 003's).
 */
import { iniSection } from "./cloud-config";
import { APP_USER, assemble, commandProblems, commonProblems, integerProblems, layout, nginxSite } from "./common";
import { deployScript, type DeployScriptParts } from "./deploy";
import { bucketSettings, cacheUrl, databaseUrl, purposePrefix, renderEnvironmentFile } from "./settings";
import type { Command, DropletSpec, PythonRuntimeConfig, Runtime, RuntimeProblem } from "./types";

/** gunicorn's --graceful-timeout: requests in flight get this long when a worker stops. */
const GRACEFUL_SECONDS = 30;
/** A worker or scheduler process gets this long to stop before systemd kills it. */
const JOB_STOP_SECONDS = 90;

type Process = "web" | "worker" | "scheduler";

/** A word for systemd's Exec lines: quoted when it holds anything but plain characters. */
function systemdWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `"${word.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** argv whose first word is found in the release's venv (systemd needs an absolute path). */
function venvCommand(app: string, argv: Command): string {
  const [program, ...args] = argv;
  const resolved = program!.startsWith("/") ? program! : `${layout(app).current}/.venv/bin/${program}`;
  return [resolved, ...args].map(systemdWord).join(" ");
}

export function pythonUnit(config: PythonRuntimeConfig, app: string, process: Process): string {
  const paths = layout(app);
  const gunicorn = `${paths.current}/.venv/bin/gunicorn`;
  const exec =
    process === "web"
      ? [gunicorn, config.module, "--worker-class", "uvicorn.workers.UvicornWorker", "--workers", String(config.workers), "--bind", `127.0.0.1:${config.port}`, "--graceful-timeout", String(GRACEFUL_SECONDS), "--access-logfile", "-"].map(systemdWord).join(" ")
      : venvCommand(app, config[process]!.command);
  return (
    iniSection("Unit", {
      Description: process === "web" ? `${app} web: gunicorn with uvicorn workers on 127.0.0.1:${config.port}` : `${app} ${process}`,
      After: "network-online.target",
      Wants: "network-online.target",
      // Nothing starts before the deploy command has installed a release.
      ConditionPathExists: gunicorn,
    }) +
    "\n" +
    iniSection("Service", {
      Type: "simple",
      User: APP_USER,
      Group: APP_USER,
      WorkingDirectory: paths.current,
      EnvironmentFile: paths.settings,
      ExecStart: exec,
      ...(process === "web" ? { ExecReload: "/bin/kill -s HUP $MAINPID" } : {}),
      KillMode: "mixed",
      TimeoutStopSec: String(process === "web" ? GRACEFUL_SECONDS + 15 : JOB_STOP_SECONDS),
      Restart: "always",
      RestartSec: "5",
      NoNewPrivileges: "true",
    }) +
    "\n" +
    iniSection("Install", { WantedBy: "multi-user.target" })
  );
}

function processesOf(config: PythonRuntimeConfig): Process[] {
  return ["web", ...(config.worker ? (["worker"] as const) : []), ...(config.scheduler ? (["scheduler"] as const) : [])];
}

/** The runtime's part of the deploy command is python/deploy.sh; each role is a unit of its own. */
function deployParts(config: PythonRuntimeConfig, spec: DropletSpec): DeployScriptParts {
  return {
    releases: "archive",
    roles: processesOf(config).filter((p) => spec.web || p !== "web"),
    // The migration's argv (empty: none configured); the script finds a bare program in the release's venv.
    header: {
      MIGRATE: config.migrate ? [...config.migrate.command] : [],
      // Where this Droplet serves a frontend, a release must carry it (`frontend/index.html`); empty: none served.
      FRONTEND: spec.web && (spec.frontendHostnames ?? []).length > 0 ? "frontend" : "",
    },
  };
}

export const PYTHON: Runtime<PythonRuntimeConfig> = {
  kind: "python",

  validate(config): RuntimeProblem[] {
    const problems = [
      ...commonProblems(config),
      ...integerProblems("port", config.port, 1024, 65535),
      ...integerProblems("workers", config.workers, 1, 64),
      ...commandProblems("worker", config.worker),
      ...commandProblems("scheduler", config.scheduler),
      ...commandProblems("migrate", config.migrate),
    ];
    if (typeof config.module !== "string" || !/^[A-Za-z_][\w.]*:[A-Za-z_]\w*$/.test(config.module)) {
      problems.push({ field: "module", value: config.module, allowed: "an ASGI application as module:attribute, e.g. app.main:app" });
    }
    return problems;
  },

  processes: (config) => ({ worker: config.worker !== undefined, scheduler: config.scheduler !== undefined }),

  stopSeconds: () => JOB_STOP_SECONDS,

  cloudConfig(config, spec) {
    const paths = layout(spec.app);
    const units = processesOf(config).filter((p) => spec.web || p !== "web");
    const files = units.map((p) => ({ path: `/etc/systemd/system/${spec.app}-${p}.service`, content: pythonUnit(config, spec.app, p), permissions: "0644" }));
    if (spec.web) {
      files.push({ path: paths.site, content: nginxSite(spec, { kind: "http", port: config.port }, config.maxUploadMb), permissions: "0644" });
    }
    return assemble(spec, {
      packages: ["python3-venv", "python3-pip"],
      files,
      directories: [],
      services: spec.web ? ["nginx"] : [],
      deployScript: deployScript(spec, config.healthPath, "python", deployParts(config, spec)),
    });
  },

  settings(_config, infra, _app) {
    const settings: Record<string, string> = {
      ENVIRONMENT: "production",
      DEBUG: "False",
      APP_URL: infra.app_url,
      DATABASE_URL: databaseUrl(infra.database),
    };
    for (const [purpose, db] of Object.entries(infra.extra_databases)) settings[`${purposePrefix(purpose)}DATABASE_URL`] = databaseUrl(db);
    if (infra.cache) settings.REDIS_URL = cacheUrl(infra.cache);
    // seed 003's names: SPACES_BUCKET, SPACES_REGION, SPACES_ENDPOINT, CDN_ENDPOINT; keys come from the deployer.
    const bucket = bucketSettings(infra.bucket, "SPACES_");
    if (infra.bucket?.cdn_url) {
      delete bucket.SPACES_CDN_URL;
      bucket.CDN_ENDPOINT = infra.bucket.cdn_url;
    }
    return { ...settings, ...bucket };
  },

  renderSettings: renderEnvironmentFile,
};
