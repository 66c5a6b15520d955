import type { FailedEntryShape } from './batches';

/** How a simulator is started: startSimulator()'s options; reset() returns to them. */
export interface SimulatorOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** How long a new batch stays QUEUED before it is terminal. Default 50. See setBatchDelayMs(). */
	batchDelayMs?: number;
	/** Network latency: every Collection API request is answered this many ms after it arrived
	 * (requests in flight wait side by side, not one after the other). Default 0. See setLatencyMs(). */
	latencyMs?: number;
	/** A new connection's handshakes across a network: the first Collection API request on each new
	 * connection waits this much longer (at 200 ms round trips: 200 for TCP, 400 with TLS). Default 0. */
	connectionLatencyMs?: number;
	/** How a payment batch's `failed` entries look (batches.ts, FailedEntryShape). Default 'id'. See
	 * setFailedEntryShape(). */
	failedEntryShape?: FailedEntryShape;
	/** Where to deliver BATCH_COMPLETED when a batch is first seen terminal. See setAutoWebhookUrl(). */
	autoWebhookUrl?: string;
	/** Lifetime of issued tokens. Default 3600 (the docs' typical value). */
	tokenTtlSeconds?: number;
	/** Default: random at start. */
	clientId?: string;
	/** Default: random at start. */
	clientSecret?: string;
}
