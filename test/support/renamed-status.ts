import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Replaces `from`, which must occur, in `file`. */
function replaceIn(file: string, from: string, to: string): void {
  const text = readFileSync(file, "utf8");
  if (!text.includes(from)) throw new Error(`"${from}" not in ${file}`);
  writeFileSync(file, text.split(from).join(to));
}

/**
 * The real flows copied into `dir` with the status check renamed as a clerk might: flows/status.yaml
 * becomes lacak.yaml (flow "lacak"), its steps and fields other ids (nomor_registrasi,
 * empat_digit), and patterns.yaml and the menu name "lacak". Returns `dir`.
 */
export function renamedStatusFlows(dir: string): string {
  cpSync("flows", dir, { recursive: true });
  const flow = join(dir, "lacak.yaml");
  cpSync(join(dir, "status.yaml"), flow);
  rmSync(join(dir, "status.yaml"));
  replaceIn(flow, "\nid: status\n", "\nid: lacak\n");
  replaceIn(flow, "description: Cek status permohonan", "description: Lacak permohonan");
  replaceIn(flow, "  - id: mine\n", "  - id: milik_sendiri\n");
  replaceIn(flow, "  - id: number\n", "  - id: nomor\n");
  replaceIn(flow, "    field: number\n", "    field: nomor_registrasi\n");
  replaceIn(flow, "  - id: last4\n", "  - id: hp\n");
  replaceIn(flow, "    field: last4\n", "    field: empat_digit\n");
  replaceIn(flow, "  - id: check\n", "  - id: cek\n");
  replaceIn(flow, "    fail: not_found\n", "    fail: tidak_ada\n");
  replaceIn(flow, "  - id: found\n", "  - id: ketemu\n");
  replaceIn(flow, "  - id: not_found\n", "  - id: tidak_ada\n");
  replaceIn(join(dir, "patterns.yaml"), "check_status: { flow: status }", "check_status: { flow: lacak }");
  replaceIn(join(dir, "menu.yaml"), "start: status }", "start: lacak }");
  return dir;
}
