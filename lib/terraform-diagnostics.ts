/**
 * Terraform's human-readable diagnostics, read back out of what it printed: each `Error:` or
 * `Warning:` summary line with its detail (source snippet and paragraphs) whole, without the
 * progress lines around them, colours or the box Terraform draws with colour on (`╷ │ ╵`).
 *
 * Terraform (internal/command/format/diagnostic.go) prints each diagnostic as a blank line,
 * `Error: <summary>` (or `Warning:`), a blank line, then the detail; with colour each line of it is
 * prefixed `│ ` between a `╷` and a `╵` line. The CLI-configuration warnings are boxed even under
 * -no-color (they are printed before the flags are read). A diagnostic runs until the next one or
 * the end of the output: Terraform prints them last.
 */

export interface Diagnostic {
  readonly severity: "Error" | "Warning";
  readonly summary: string;
  /** The lines after the summary (blank edges removed), as printed. */
  readonly detail: string;
}

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** Colour codes and carriage returns removed. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "").replace(/\r/g, "");
}

const BOX_END = "\0end";

/** The text without colour, with the diagnostic box's edges removed (its `│ ` prefix, its `╷` line; its `╵` line as BOX_END). */
function unboxed(text: string): string[] {
  return stripAnsi(text)
    .split("\n")
    .map((l) => l.trimEnd())
    .map((l) => (l === "╷" ? "" : l === "╵" ? BOX_END : l.replace(/^│ ?/, "")));
}

function trimBlank(lines: string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && out[0] === "") out.shift();
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return out;
}

/** Every diagnostic in the output, in order; identical ones (Terraform repeats some per instance) once. */
export function parseDiagnostics(output: string): Diagnostic[] {
  const lines = unboxed(output);
  const found: Diagnostic[] = [];
  const seen = new Set<string>();
  let current: { severity: Diagnostic["severity"]; summary: string; lines: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const d: Diagnostic = { severity: current.severity, summary: current.summary, detail: trimBlank(current.lines).join("\n") };
    const key = `${d.severity}\0${d.summary}\0${d.detail}`;
    if (!seen.has(key)) found.push(d);
    seen.add(key);
  };
  for (const line of lines) {
    if (line === BOX_END) {
      // A boxed diagnostic ends with its box (progress lines may follow it).
      flush();
      current = undefined;
      continue;
    }
    const head = /^(Error|Warning): (.*)$/.exec(line);
    if (head) {
      flush();
      current = { severity: head[1] as Diagnostic["severity"], summary: head[2]!.trim(), lines: [] };
    } else if (current) {
      current.lines.push(line);
    }
  }
  flush();
  return found;
}

/** The diagnostics as Terraform shows them, without the box: `Error: summary`, blank line, detail; blank lines between. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.severity}: ${d.summary}${d.detail ? `\n\n${d.detail}` : ""}`).join("\n\n");
}

/**
 * What a failed Terraform command said, for a person: its errors whole (summary and detail), each
 * once; else (no `Error:` in the output) the output without colours and blank edges.
 */
export function errorReport(output: string): string {
  const errors = parseDiagnostics(output).filter((d) => d.severity === "Error");
  return errors.length > 0 ? formatDiagnostics(errors) : trimBlank(unboxed(output).map((l) => (l === BOX_END ? "" : l))).join("\n");
}
