/** Removes what global-setup made (the packed tarball and the migrated template folder). */
import { promises as fs } from 'node:fs';

import { runDirEnv } from './global-setup';
import { selectedRuntimeId, type RuntimeId } from './runtime';

export default async function globalTeardown(): Promise<void> {
	await teardownRuntime(selectedRuntimeId());
}

/** Removes one runtime's run folder (the compatibility projects' hooks call this with theirs). */
export async function teardownRuntime(id: RuntimeId): Promise<void> {
	const runDir = process.env[runDirEnv(id)];
	if (runDir) await fs.rm(runDir, { recursive: true, force: true });
}
