import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../common/logger.js";
import type { Config } from "../config.js";
import type { AuthService } from "./auth.service.js";

export const INITIAL_ADMIN_FILE = "initial-admin.txt";

/**
 * On a store without users: creates admin@localhost with a random password, writes it to DATA_DIR/initial-admin.txt
 * (owner-only) and says how to sign in — with the password itself outside production, where logs may be shipped.
 */
export async function announceInitialAdmin(auth: AuthService, config: Config, logger: Logger): Promise<void> {
  const admin = await auth.ensureInitialAdmin();
  if (!admin) return;
  const file = path.join(config.dataDir, INITIAL_ADMIN_FILE);
  await writeFile(file, `email: ${admin.email}\npassword: ${admin.password}\n`, { mode: 0o600 });
  const how = config.production ? `the password is in ${file}` : `password ${admin.password} (also in ${file})`;
  logger.warn(
    { email: admin.email, file },
    `First start: sign in as ${admin.email} with ${how}; then change it under Settings → Your password.`,
  );
}
