/**
 * Throwaway PostgreSQL and Redis servers for the queue-mode topology: Debian's binaries, a fresh temp
 * data folder, a free loopback port, run in the foreground as children of this process (own process
 * group, service-process.ts), so stopping them — or this process exiting — leaves nothing behind.
 *
 *   const pg = await startPostgres();   // { host, port, database, user }, stop()   (postgres.ts)
 *   const redis = await startRedis();   // { host, port }, stop()                     (redis.ts)
 *
 * `.ci/run` installs the Debian packages `postgresql` and `redis-server` when they are absent; this
 * file says which are missing.
 */
import { postgresBinDir } from './postgres';
import { redisServerBin } from './redis';

/** What is missing to start the topology's servers (empty when both are installed). */
export function missingServers(): string[] {
	const missing: string[] = [];
	if (!postgresBinDir()) missing.push('postgresql (apt-get install postgresql)');
	if (!redisServerBin()) missing.push('redis-server (apt-get install redis-server)');
	return missing;
}
