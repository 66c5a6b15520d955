import type { IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_BATCH_SIZE, DEFAULT_HISTORY_SIZE, MAX_PARALLEL_REQUESTS } from './defaults';
import type { Settings } from './types';
import {
	DEFAULT_POLL_INTERVAL_SECONDS,
	DEFAULT_WAIT_TIMEOUT_SECONDS,
} from '../batches/waitForBatch';
import { DEFAULT_REQUEST_TIMEOUT_MS, RequestPacing } from '../transport';
import { createDefaultsOf } from '../versions';

/**
 * The Options collection as saved workflows hold it: parameter names never change. Note the two
 * timeouts: Request Timeout is in milliseconds here, Wait Timeout in seconds (as Batch → Wait for
 * Completion's Timeout); Settings names carry the unit.
 */
interface CreateOptions {
	batchSize?: number;
	output?: string;
	timeout?: number;
	waitForResult?: boolean;
	waitTimeout?: number;
	pollInterval?: number;
	parallelRequests?: number;
	skipSentBefore?: boolean;
	historySize?: number;
}

const whole = (value: number, min: number) => Math.max(min, Math.floor(value));

/** A Create run's Options, read once, with the defaults of the node's version where one is unset. */
export function readSettings(context: IExecuteFunctions): Settings {
	const options = context.getNodeParameter('options', 0, {}) as CreateOptions;
	const defaults = createDefaultsOf(context.getNode());
	return {
		batchSize: whole(options.batchSize ?? DEFAULT_BATCH_SIZE, 1),
		output: options.output === 'items' ? 'items' : 'batches',
		requestTimeoutMs: options.timeout ?? DEFAULT_REQUEST_TIMEOUT_MS,
		waitForResult: options.waitForResult === true,
		waitTimeoutSeconds: options.waitTimeout ?? DEFAULT_WAIT_TIMEOUT_SECONDS,
		pollIntervalSeconds: options.pollInterval ?? DEFAULT_POLL_INTERVAL_SECONDS,
		parallelRequests: Math.min(
			MAX_PARALLEL_REQUESTS,
			whole(options.parallelRequests ?? defaults.parallelRequests, 1),
		),
		skipSentBefore: options.skipSentBefore ?? defaults.skipSentBefore,
		historySize: whole(options.historySize ?? DEFAULT_HISTORY_SIZE, 1),
	};
}

/** A shared pause only where requests share the wire: one at a time, each waits its own. */
export function pacingFor(settings: Settings): RequestPacing | undefined {
	return settings.parallelRequests > 1 ? new RequestPacing() : undefined;
}
