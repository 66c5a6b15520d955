/**
 * Once per queue-suite run: the n8n runtime (installed if missing), the package packed and published
 * to a local registry (every instance of every topology installs it from there with
 * `npm install n8n-nodes-amili`, as the README tells users to), and a clear failure when PostgreSQL
 * or Redis is not installed. The registry's URL reaches the test files through the environment.
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { assertBuilt, packPackage, TARBALL_ENV } from '../harness/pack';
import { LocalRegistry, REGISTRY_URL_ENV } from '../harness/registry';
import { ensureRuntime } from '../harness/runtime';
import { missingServers } from './services';

export const QUEUE_RUN_DIR_ENV = 'AMILI_QUEUE_RUN_DIR';

/** Jest runs global setup and teardown in one process: the teardown stops the registry held here. */
export const queueGlobals = globalThis as typeof globalThis & {
	amiliQueueRegistry?: LocalRegistry;
};

export default async function globalSetup(): Promise<void> {
	const missing = missingServers();
	if (missing.length)
		throw new Error(`The queue-mode suite needs ${missing.join(' and ')}; .ci/run installs them.`);
	assertBuilt();
	const [, registry] = await Promise.all([ensureRuntime(), LocalRegistry.start()]);
	queueGlobals.amiliQueueRegistry = registry;
	const runDir = await fs.mkdtemp(join(tmpdir(), 'amili-queue-run-'));
	process.env[QUEUE_RUN_DIR_ENV] = runDir;
	process.env[TARBALL_ENV] = await packPackage(join(runDir, 'pack'));
	await registry.publish(process.env[TARBALL_ENV]);
	process.env[REGISTRY_URL_ENV] = registry.url;
}
