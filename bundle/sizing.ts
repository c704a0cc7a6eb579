/**
 * A stack's column of docs/SIZING.md (the contract the tests check), for its hand-off README.
 * The doc describes the default preset (bizsocials); for any other preset the column would be
 * wrong, so `sizingColumn` returns undefined and the README says where that preset's sizes live.
 */
import { marked, type Tokens } from "marked";

export interface SizingRow {
  readonly label: string;
  readonly value: string;
}

/**
 * Rows of the column headed `<stack>` or `<stack> (<profile>…)`; "same" resolved to the cell on its
 * left, as the doc defines it. undefined when no column matches.
 */
export function sizingColumn(markdown: string, stack: string, profile: string): SizingRow[] | undefined {
  const table = marked.lexer(markdown).find((t): t is Tokens.Table => t.type === "table");
  if (!table) return undefined;
  const headers = table.header.map((h) => h.text.trim());
  const index = headers.findIndex((h) => {
    const m = /^(\w+)(?: \((\w+)(?:, default)?\))?$/.exec(h);
    return m !== null && m[1] === stack && (m[2] === undefined || m[2] === profile);
  });
  if (index < 0) return undefined;
  const cell = (row: Tokens.TableCell[], i: number): string => {
    const text = row[i]!.text.trim();
    return text === "same" && i > 1 ? cell(row, i - 1) : text;
  };
  return table.rows.map((row) => ({ label: row[0]!.text.trim(), value: cell(row, index) }));
}
