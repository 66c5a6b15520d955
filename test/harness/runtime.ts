/**
 * The real n8n the workflow tests and `npm run dev` run: installed once into a cache folder keyed by
 * the hash of its spec folder's package-lock.json (~3 GB, ~5 min cold), reused while the lockfile is
 * unchanged.
 *
 * Several n8n lines are known (RUNTIMES): 2.41.1 (test/runtime, the default: full suite, dev, queue),
 * 2.0.3 (test/runtime-n8n-2.0) and 1.123.81 (test/runtime-n8n-1.123), the last two for the
 * compatibility suite. Which one a process uses: `AMILI_N8N_RUNTIME=<id>` (or a jest project's
 * `globals.AMILI_N8N_RUNTIME`, see selectedRuntimeId()).
 *
 * Importable (`ensureRuntime()`), or runnable to install with visible progress before a long test run:
 * `tsx test/harness/runtime.ts` (the selected one), `… 1.123 2.0` (those), `… --all` (every one).
 *
 * This file is what other code imports (the runtime list and paths from runtime-paths.ts, the
 * installer from runtime-install.ts) and the command above.
 */
import { ensureRuntime, log } from './runtime-install';
import { isRuntimeId, RUNTIMES, selectedRuntimeId, type RuntimeId } from './runtime-paths';

export * from './runtime-paths';
export { ensureRuntime } from './runtime-install';

/** Installs each runtime named (ids, or --all) one after the other: two at once would halve each. */
async function main(args: string[]): Promise<void> {
	const ids: RuntimeId[] = args.includes('--all')
		? (Object.keys(RUNTIMES) as RuntimeId[])
		: args.length
			? args.map((a) => {
					if (!isRuntimeId(a))
						throw new Error(
							`unknown runtime "${a}": one of ${Object.keys(RUNTIMES).join(', ')}, or --all`,
						);
					return a;
				})
			: [selectedRuntimeId()];
	for (const id of ids) {
		const started = Date.now();
		const runtime = await ensureRuntime(id);
		log(`${id}: n8n ${runtime.n8nVersion} ready (${Date.now() - started} ms): ${runtime.dir}`);
	}
}

if (require.main === module) {
	main(process.argv.slice(2)).catch((error: unknown) => {
		log(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	});
}
