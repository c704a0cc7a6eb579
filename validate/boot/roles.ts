/**
 * The roles a deploy gave the Droplet run, and the others do not: supervisor's programs (laravel),
 * the app's units (python); for the container runtime, whose release cannot be pulled here, the
 * compose file as `docker compose config` reads it.
 */
import type { ProcessRole, RuntimeConfig } from "../../runtimes/types";
import { layout } from "../../runtimes/common";
import { fail, ok, type CheckResult } from "../report";
import type { Machine } from "./machine";

export async function checkRoles(m: Machine, config: RuntimeConfig, app: string, roles: readonly ProcessRole[], released: boolean): Promise<CheckResult> {
  if (config.kind === "container" || !released) return composeConfig(m, app);
  const problems: string[] = [];
  const seen: string[] = [];
  if (config.kind === "laravel") {
    const status = await m.exec(["supervisorctl", "status"]);
    const ps = await m.exec(["ps", "-eo", "user=,args="]);
    for (const role of ["worker", "scheduler"] as const) {
      const lines = status.output.split("\n").filter((l) => l.startsWith(`${app}-${role}:`));
      const running = lines.filter((l) => /\sRUNNING\s/.test(l)).length;
      const want = roles.includes(role);
      if (want && (running === 0 || running !== lines.length)) problems.push(`role ${role} was given but supervisor runs ${running} of ${lines.length} ${app}-${role} processes:\n${status.output.trim()}`);
      if (!want && lines.length > 0) problems.push(`role ${role} was not given but supervisor has ${app}-${role}:\n${status.output.trim()}`);
      const command = role === "worker" ? "artisan queue:work" : "artisan schedule:work";
      const owners = ps.output.split("\n").filter((l) => l.includes(command) && !l.includes("supervisord")).map((l) => l.trim().split(/\s+/)[0]);
      if (owners.some((u) => u !== "www-data")) problems.push(`${command} runs as ${owners.join(", ")}, not www-data`);
      if (want) seen.push(`${role}: ${running} process${running === 1 ? "" : "es"} as www-data`);
    }
  } else {
    const units = (["web", "worker", "scheduler"] as const).filter((r) => r === "web" || config[r] !== undefined);
    for (const role of units) {
      const active = (await m.exec(["systemctl", "is-active", `${app}-${role}.service`])).output.trim();
      const want = roles.includes(role);
      if (want !== (active === "active")) problems.push(`role ${role} ${want ? "was given" : "was not given"} but ${app}-${role}.service is ${active}`);
      if (want) seen.push(`${role}: ${app}-${role}.service active`);
    }
  }
  if (problems.length > 0) return fail(problems[0]!.split("\n")[0]!, problems.join("\n"));
  return ok(`roles ${roles.join(",") || "none"}: ${seen.join("; ") || "nothing runs, as asked"}`);
}

async function composeConfig(m: Machine, app: string): Promise<CheckResult> {
  const etc = layout(app).etc;
  const script = `printf 'APP_IMAGE=registry.invalid/sample:1\\n' >/tmp/release.env && docker compose --project-name ${app} --file ${etc}/compose.yaml --env-file /tmp/release.env config --quiet`;
  const r = await m.sh(script);
  if (r.code !== 0) return fail(`docker compose config refuses ${etc}/compose.yaml`, r.output);
  const docker = (await m.exec(["systemctl", "is-active", "docker.service"])).output.trim();
  return ok(`${etc}/compose.yaml passes docker compose config with the settings the deploy wrote; docker.service ${docker}; not checked: the containers and their roles (no registry is reachable here to pull an image from)`);
}
