/**
 * Starts the simulator from a shell:
 *   `tsx test/simulator/main.ts [--port N] [--host H] [--batch-delay-ms N] [--latency-ms N]
 *   [--auto-webhook-url URL] [--failed-entry-shape SHAPE]`.
 * With --latency-ms, every Collection API request is answered N ms late (Amili across a network).
 * With --auto-webhook-url, every batch's BATCH_COMPLETED is POSTed there once it is seen terminal.
 * With --failed-entry-shape, payment batches' `failed` entries take that shape (FailedEntryShape).
 * Prints one JSON line with the URLs and the generated client id/secret (a throwaway secret that only
 * this process accepts), then runs until SIGINT/SIGTERM.
 */
import { type FailedEntryShape, checkedFailedEntryShape } from './batches';
import { startSimulator } from './server';

function flag(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

function numberFlag(name: string): number | undefined {
	const value = flag(name);
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0)
		throw new Error(`--${name} must be a non-negative integer, got ${value}`);
	return n;
}

function shapeFlag(): FailedEntryShape | undefined {
	const value = flag('failed-entry-shape');
	return value === undefined ? undefined : checkedFailedEntryShape(value);
}

async function main(): Promise<void> {
	const sim = await startSimulator({
		port: numberFlag('port'),
		host: flag('host'),
		batchDelayMs: numberFlag('batch-delay-ms'),
		latencyMs: numberFlag('latency-ms'),
		autoWebhookUrl: flag('auto-webhook-url'),
		failedEntryShape: shapeFlag(),
	});
	const { url, apiBaseUrl, tokenUrl, controlUrl, clientId, clientSecret } = sim;
	console.log(JSON.stringify({ url, apiBaseUrl, tokenUrl, controlUrl, clientId, clientSecret }));
	const stop = () => {
		sim.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
});
