/** A throwaway redis-server for the topology's Bull queue: Debian's binary, no persistence. */
import { existsSync } from 'node:fs';

import { freePort } from '../harness/n8n';
import {
	makeTempDir,
	removeTempDir,
	startService,
	waitForPort,
	type ServiceProcess,
} from './service-process';

export function redisServerBin(): string | undefined {
	for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
		if (existsSync(candidate)) return candidate;
	}
	return undefined;
}

export interface RedisServer {
	host: string;
	port: number;
	process: ServiceProcess;
	stop(): Promise<void>;
}

/** redis-server on a free loopback port, no persistence, data folder in a temp dir. */
export async function startRedis(): Promise<RedisServer> {
	const bin = redisServerBin();
	if (!bin)
		throw new Error(
			'redis-server is not installed: apt-get install redis-server (.ci/run does this)',
		);
	const host = '127.0.0.1';
	const port = await freePort();
	const dir = await makeTempDir('amili-queue-redis-');
	const service = startService(
		'redis-server',
		bin,
		[
			'--port',
			String(port),
			'--bind',
			host,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--dir',
			dir,
			'--protected-mode',
			'yes',
		],
		{ cwd: dir },
	);
	try {
		await waitForPort(host, port, service, 15_000);
	} catch (error) {
		await service.stop('SIGKILL', 1000);
		await removeTempDir(dir);
		throw error;
	}
	return {
		host,
		port,
		process: service,
		async stop() {
			await service.stop('SIGTERM', 5000);
			await removeTempDir(dir);
		},
	};
}
