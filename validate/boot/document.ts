/**
 * One document, booted: cloud-init runs its user_data (Debian names, debian.ts) on a fresh machine;
 * then the sample release goes out through the real deploy command with exactly the calls
 * `npm run deploy` makes (deploy/run.ts prepare(), stand-in outputs), as the deploy user through
 * sudo; then the health path, the roles' processes, the backup jobs and heartbeat, the services'
 * users and every file holding a secret are checked inside the machine.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { protocolProblem } from "../../deploy/plan";
import { prepare } from "../../deploy/run";
import { DEPLOY_PROTOCOL } from "../../runtimes/deploy";
import { APP_USER, DEPLOY_USER, layout } from "../../runtimes/common";
import { backupPaths } from "../../runtimes/backup";
import type { RuntimeConfig } from "../../runtimes/types";
import { fail, none, ok, skip, type CheckResult } from "../report";
import type { UserDataDocument } from "../runtime";
import { healthTarget } from "../runtime/health";
import type { StackDoc } from "../stacks";
import { mapToDebian, describeMappings } from "./debian";
import { cloudInitResult, httpStatus, journal, secretsResult, serviceUsersResult, type Reader } from "./inspect";
import { Machine } from "./machine";
import { fakeOutputs } from "./outputs";
import { REPO_MOUNT, SOURCES, type Repo } from "./repo";
import { buildSample, SAMPLE_FRONTEND_MARKER } from "./samples";
import { checkBackups, heartbeatBeforeDeploy, installStubs } from "./backups";
import { checkRoles } from "./roles";

export const BOOT_CHECKS = ["boot", "boot deploy", "boot health", "boot roles", "boot backups", "boot units", "boot secrets"] as const;
export type BootCheck = (typeof BOOT_CHECKS)[number];
export type BootResults = Record<BootCheck, CheckResult>;

export interface BootContext {
  readonly base: string;
  readonly repo: Repo;
  /** A scratch directory of this document (removed by the caller). */
  readonly work: string;
  readonly publicKey: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface DocumentJob {
  readonly stack: StackDoc;
  readonly doc: UserDataDocument;
  readonly config: RuntimeConfig;
  /** The Droplet it is deployed as (the first that boots with the document). */
  readonly server: string;
}

function allResults(result: CheckResult): BootResults {
  return Object.fromEntries(BOOT_CHECKS.map((c) => [c, result])) as BootResults;
}

export async function bootDocument(job: DocumentJob, ctx: BootContext): Promise<BootResults> {
  const { stack, doc, config } = job;
  const app = stack.app;
  const mapped = mapToDebian(doc.userData);
  const paths = layout(app);
  const backupsHere = doc.config.files.some((f) => f.path === backupPaths(app).script);
  const results = allResults(skip("the machine did not get this far"));
  const started = Date.now();
  const machine = await Machine.boot(
    { userData: mapped.userData, name: job.server.slice(0, 60), publicKeys: [ctx.publicKey] },
    {
      base: ctx.base,
      workDir: path.join(ctx.work, "machine"),
      bindReadOnly: { [ctx.repo.dir]: REPO_MOUNT },
      files: { "/etc/apt/sources.list": SOURCES, "/etc/apt/apt.conf.d/99platform-boot": 'Acquire::Languages "none";\n' },
    },
  );
  try {
    // dockerd may fail in a container (it needs iptables and cgroup delegation); said, not hidden.
    const expected = new Map<string, string>(config.kind === "container" ? [["docker.service", "dockerd cannot run inside systemd-nspawn here"]] : []);
    // systemd's own early units (systemd-sysctl, -sysusers, -tmpfiles-setup-dev-early) have failed
    // now and then at an nspawn boot, with nothing in their journal (3 of ~90 boots seen, on the
    // Python and container runtimes): each gets one more start, and the report says so.
    const booted = await cloudInitResult(machine, expected, (unit) => unit.startsWith("systemd-"));
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const mappings = mapped.applied.length > 0 ? `; Debian names: ${describeMappings(mapped.applied)}` : "";
    results.boot = booted.status === "ok" ? ok(`cloud-init done in ${seconds} s${booted.detail ? `; ${booted.detail}` : ""}${mappings}`) : booted;
    if (booted.status !== "ok") return results;
    // SSH: the Droplet's key reached the deploy user (runcmd's last step), and sshd takes its configuration.
    const keys = await machine.exec(["cat", `/home/${DEPLOY_USER}/.ssh/authorized_keys`], { user: DEPLOY_USER });
    const sshd = await machine.exec(["sshd", "-t"]);
    if (keys.code !== 0 || !keys.output.includes(ctx.publicKey.split(" ")[1]!) || sshd.code !== 0) {
      results.boot = fail(`the deploy user cannot log in: ${keys.code !== 0 ? "no authorized_keys" : sshd.code !== 0 ? "sshd -t refuses its configuration" : "its authorized_keys lacks the Droplet's key"}`, `${keys.output}\n${sshd.output}`);
      return results;
    }
    // ... and only once the machine was made: after the packages (dpkg's log) and what runcmd does
    // (the settings directory's mode, the enabled site, the backup state), by change time.
    const web = doc.config.files.some((f) => f.path === paths.site);
    const made = [paths.etc, "/var/log/dpkg.log", ...(web ? ["/etc/nginx/sites-enabled"] : []), ...(backupsHere ? [backupPaths(app).state] : [])];
    const times = await machine.exec(["stat", "-c", "%.9Z %n", `/home/${DEPLOY_USER}/.ssh/authorized_keys`, ...made]);
    const [keyTime, ...rest] = times.output.trim().split("\n").map((l) => ({ at: Number(l.split(" ")[0]), name: l.split(" ").slice(1).join(" ") }));
    const later = rest.filter((r) => r.at > keyTime!.at);
    if (later.length > 0) {
      results.boot = fail(`SSH opened before the machine was ready: the deploy user's key was installed before ${later.map((r) => r.name).join(", ")} (runcmd must give it last)`, times.output);
      return results;
    }

    await installStubs(machine);
    const target = healthTarget(stack.json);
    if (web && typeof target !== "string") {
      const before = await httpStatus(machine, target.host, target.path);
      if (before >= 200 && before < 300) results["boot health"] = fail(`${target.path} answered ${before} before any release: nginx must not answer it itself`);
    }

    const early = backupsHere ? await heartbeatBeforeDeploy(machine, app) : null;

    // The deploy, call by call, as `npm run deploy` would make them over ssh.
    const fake = fakeOutputs(stack.json, (output) => (output === "backup_settings" ? "root" : "app"));
    const outputsFile = path.join(ctx.work, "outputs.json");
    const envFile = path.join(ctx.work, "app.secrets");
    fs.writeFileSync(outputsFile, JSON.stringify(fake.outputs));
    fs.writeFileSync(envFile, fake.envFile);
    const release = await buildSample(config, ctx.repo.wheels, ctx.work);
    const prepared = prepare(
      { stack: stack.stack, release: release?.file, envFile, only: [job.server], outputs: outputsFile, sshUser: DEPLOY_USER, sshOptions: [], dryRun: true },
      { ...ctx.env, PLATFORM_STACKS: stack.stack },
    );
    const calls = prepared.plan.calls.filter((c) => release !== null || (c.step !== "release" && c.step !== "activate"));
    const done: string[] = [];
    for (const call of calls) {
      const input = call.stdin?.kind === "settings" ? call.stdin.text : call.stdin?.kind === "file" ? fs.readFileSync(call.stdin.path) : undefined;
      const ran = await machine.exec(["sudo", "-n", prepared.deployCommand, ...call.args], { user: DEPLOY_USER, timeoutMs: 300_000, ...(input !== undefined ? { input } : {}) });
      const refused = call.step === "check" && ran.code === 0 ? protocolProblem(ran.output, job.server, DEPLOY_PROTOCOL) : null;
      if (refused) {
        results["boot deploy"] = fail(refused, ran.output);
        return results;
      }
      if (ran.code !== 0) {
        const logs = await machine.sh("tail -n 20 /var/log/nginx/error.log 2>/dev/null; journalctl --no-pager -o cat -n 20 -p warning");
        results["boot deploy"] = fail(`${app}-deploy ${call.args.join(" ")} (step ${call.label}) exited ${ran.code} as ${DEPLOY_USER} through sudo`, prepared.redact(`${ran.output}\n--- the machine's logs:\n${logs.output}`));
        return results;
      }
      done.push(call.args.slice(0, call.args[0] === "activate" ? 4 : 1).join(" "));
    }
    const notRun = release === null ? "; release and activate not run: the container runtime pulls its image from a registry, which this machine cannot reach" : "";
    results["boot deploy"] = ok(`${done.join(", ")}${notRun}`);

    const roles = prepared.plan.servers[0]!.roles;
    if (!web || typeof target === "string") results["boot health"] = none(typeof target === "string" ? target : "no web server on this Droplet");
    else if (release === null) results["boot health"] = skip("no release of the container runtime could be activated here");
    else if (results["boot health"].status !== "FAIL") {
      const after = roles.includes("web") ? await httpStatus(machine, target.host, target.path) : 0;
      results["boot health"] = !roles.includes("web")
        ? none("the web role is not given to this Droplet")
        : after === 200
          ? ok(`GET ${target.path} (Host: ${target.host}) through nginx: 200 after the release, not 2xx before`)
          : fail(`GET ${target.path} (Host: ${target.host}) answered ${after} after the release (expected 200)`, await journal(machine, ["nginx.service"]));
      if (results["boot health"].status === "ok" && roles.includes("web")) {
        const frontend = await frontendServed(machine, stack.json);
        if (frontend) results["boot health"] = frontend.ok ? ok(`${results["boot health"].detail}; ${frontend.detail}`) : fail(frontend.detail, await journal(machine, ["nginx.service"]));
      }
    }
    results["boot roles"] = await checkRoles(machine, config, app, roles, release !== null);
    results["boot backups"] = backupsHere ? await checkBackups(machine, app, doc, early) : none("no backup jobs on this Droplet");

    const own = (unit: string) => unit.startsWith(`${app}-`) || /^(nginx|php\S*-fpm|supervisor)\.service$/.test(unit);
    results["boot units"] = (await serviceUsersResult(machine, own)).result;
    const readers: Reader[] = [
      { user: DEPLOY_USER, may: [] },
      { user: "nobody", may: [] },
      { user: APP_USER, may: ["app"] },
      ...(backupsHere ? [{ user: backupPaths(app).user, may: [] as const }] : []),
    ];
    results["boot secrets"] = await secretsResult(machine, fake.markers, readers);
    return results;
  } catch (e) {
    const failed = BOOT_CHECKS.find((c) => results[c].status === "skip") ?? "boot";
    results[failed] = fail(`the boot stage itself failed: ${(e as Error).message}`, (e as Error).stack);
    return results;
  } finally {
    // PLATFORM_BOOT_KEEP=1 leaves the machine running to look into (nsenter -t <PID> -a bash).
    if (ctx.env.PLATFORM_BOOT_KEEP === "1") {
      machine.keep();
      process.stderr.write(`boot: kept ${machine.name} running: nsenter -t ${machine.initPid} -a bash\n`);
    } else await machine.stop();
  }
}

/**
 * Where the stack serves a frontend: an unknown path on its first frontend name answers with the
 * release's frontend/index.html (the single-page app's fallback), through nginx. Null without one.
 */
async function frontendServed(machine: Machine, json: StackDoc["json"]): Promise<{ ok: boolean; detail: string } | null> {
  const host = ((json["//"]?.platform ?? {}) as { frontendHostnames?: string[] }).frontendHostnames?.[0];
  if (host === undefined) return null;
  const r = await machine.exec(["curl", "-s", "--max-time", "10", "-H", `Host: ${host}`, "http://127.0.0.1/themes/some-page"]);
  return r.output.includes(SAMPLE_FRONTEND_MARKER)
    ? { ok: true, detail: `GET /themes/some-page (Host: ${host}) answered with the release's frontend/index.html` }
    : { ok: false, detail: `GET /themes/some-page (Host: ${host}) did not answer with the release's frontend/index.html: ${r.output.slice(0, 200)}` };
}
