/**
 * Python (seed 003): an ASGI app in a venv under gunicorn with uvicorn workers on 127.0.0.1, nginx
 * in front, migrations (alembic) run once per deploy. A release is the app's root as a .tar.gz with a
 * `requirements.txt` that installs gunicorn and uvicorn; the deploy command builds the venv in the
 * release's own directory. Python is Ubuntu 24.04's 3.12: the archive has no 3.11 (seed 003's).
 */
import { iniSection } from "./cloud-config";
import { APP_USER, assemble, commandProblems, commonProblems, deployScript, integerProblems, layout, nginxSite, shellQuote } from "./common";
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

function deployParts(config: PythonRuntimeConfig, spec: DropletSpec): Parameters<typeof deployScript>[3] {
  const roles = processesOf(config).filter((p) => spec.web || p !== "web");
  // systemd-run finds a bare program with the caller's PATH (sudo's secure_path), never the venv's:
  // the program is named by its path in the release's venv, as the units name theirs.
  const migrate = config.migrate
    ? [config.migrate.command[0]!.startsWith("/") ? shellQuote(config.migrate.command[0]!) : `"$dir/.venv/bin/"${shellQuote(config.migrate.command[0]!)}`, ...config.migrate.command.slice(1).map(shellQuote)].join(" ")
    : undefined;
  return {
    releases: "archive",
    roles,
    definitions: [
      "# Runs a command as the app, with its settings, in a release's venv (as the units do).",
      "in_app_env() {",
      "  local dir=$1",
      "  shift",
      "  systemd-run --quiet --wait --pipe --collect --uid=\"$RUN_AS\" --gid=\"$RUN_AS\" --working-directory=\"$dir\" \\",
      "    --property=EnvironmentFile=\"$ETC/app.env\" --setenv=PATH=\"$dir/.venv/bin:/usr/local/bin:/usr/bin:/bin\" -- \"$@\"",
      "}",
    ].join("\n"),
    prepare: [
      "[[ -f $dir/requirements.txt ]] || die 'the archive has no requirements.txt at its top'",
      // Wheels built in CI (pip wheel -r requirements.txt -w wheels), installed offline and only as
      // wheels: installing a wheel runs none of its code, building an sdist here would, as root.
      "[[ -d $dir/wheels ]] || die 'the archive has no wheels/: build them in CI (pip wheel -r requirements.txt -w wheels)'",
      "python3 -m venv \"$dir/.venv\"",
      "\"$dir/.venv/bin/pip\" install --quiet --no-cache-dir --no-index --only-binary=:all: --find-links \"$dir/wheels\" --requirement \"$dir/requirements.txt\"",
      "[[ -x $dir/.venv/bin/gunicorn ]] || die 'requirements.txt must install gunicorn (and uvicorn)'",
    ].join("\n"),
    activate: [
      "local dir=$BASE/releases/$version",
      migrate ? `if ((migrate)); then in_app_env "$dir" ${migrate}; fi` : "if ((migrate)); then log 'no migration is configured'; fi",
      "switch_current \"$dir\"",
    ].join("\n"),
    applyRoles: [
      "local role",
      `local -a units=(${roles.join(" ")})`,
      "for role in \"${units[@]}\"; do",
      "  if has_role \"$role\"; then",
      "    systemctl enable --quiet \"$APP-$role.service\"",
      "    systemctl restart \"$APP-$role.service\"",
      "  else",
      "    systemctl disable --quiet --now \"$APP-$role.service\"",
      "  fi",
      "done",
    ].join("\n"),
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
