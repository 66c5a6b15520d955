/**
 * Once per queue-suite run: the n8n runtime (installed if missing), the packed package (every
 * instance of every topology installs this one tarball), and a clear failure when PostgreSQL or Redis
 * is not installed. The tarball's path reaches the test files through the environment.
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { assertBuilt, packPackage, TARBALL_ENV } from '../harness/pack';
import { ensureRuntime } from '../harness/runtime';
import { missingServers } from './services';

export const QUEUE_RUN_DIR_ENV = 'AMILI_QUEUE_RUN_DIR';

export default async function globalSetup(): Promise<void> {
	const missing = missingServers();
	if (missing.length)
		throw new Error(`The queue-mode suite needs ${missing.join(' and ')}; .ci/run installs them.`);
	assertBuilt();
	await ensureRuntime();
	const runDir = await fs.mkdtemp(join(tmpdir(), 'amili-queue-run-'));
	process.env[QUEUE_RUN_DIR_ENV] = runDir;
	process.env[TARBALL_ENV] = await packPackage(join(runDir, 'pack'));
}
