/** Stops the local registry and removes what global-setup made (the packed tarball). */
import { promises as fs } from 'node:fs';

import { QUEUE_RUN_DIR_ENV, queueGlobals } from './global-setup';

export default async function globalTeardown(): Promise<void> {
	await queueGlobals.amiliQueueRegistry?.stop();
	const runDir = process.env[QUEUE_RUN_DIR_ENV];
	if (runDir) await fs.rm(runDir, { recursive: true, force: true });
}
