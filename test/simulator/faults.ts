import { isPlainObject } from './http';
import { ROUTE_NAMES, type RouteName } from './routes';

/**
 * A one-shot (or `times: n`) misbehaviour, consumed by the next matching requests in queue order.
 * Match fields left out match anything. Actions: wait `delayMs` first (if set), then either answer
 * `status` (with `headers` and `body` JSON or `rawBody` text) instead of processing, or `reset` the
 * connection: 'before-processing' drops it unprocessed; 'after-processing' processes the request
 * (writes accepted and recorded) and drops it without answering. With only `delayMs`, the request
 * is then processed normally (a slow answer).
 */
export interface Fault {
	method?: string;
	route?: RouteName;
	orgId?: string;
	times?: number;
	delayMs?: number;
	status?: number;
	headers?: Record<string, string>;
	body?: unknown;
	rawBody?: string;
	reset?: 'before-processing' | 'after-processing';
}

export interface RequestFacts {
	method: string;
	route: RouteName;
	orgId?: string;
}

/** Checks a fault (it may come as JSON from another process); returns a problem or undefined. */
export function faultProblem(f: unknown): string | undefined {
	if (!isPlainObject(f)) return 'a fault must be an object';
	const fault = f as Fault;
	if (fault.route !== undefined && !ROUTE_NAMES.includes(fault.route))
		return `route must be one of ${ROUTE_NAMES.join(', ')}`;
	if (fault.times !== undefined && !(Number.isInteger(fault.times) && fault.times >= 1))
		return 'times must be an integer >= 1';
	if (fault.delayMs !== undefined && !(typeof fault.delayMs === 'number' && fault.delayMs >= 0))
		return 'delayMs must be >= 0';
	if (
		fault.status !== undefined &&
		!(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)
	) {
		return 'status must be an HTTP status code';
	}
	if (
		fault.reset !== undefined &&
		fault.reset !== 'before-processing' &&
		fault.reset !== 'after-processing'
	) {
		return "reset must be 'before-processing' or 'after-processing'";
	}
	if (fault.status !== undefined && fault.reset !== undefined)
		return 'a fault answers a status or resets, not both';
	if (fault.status === undefined && fault.reset === undefined && fault.delayMs === undefined) {
		return 'a fault needs status, reset or delayMs';
	}
	if (fault.rawBody !== undefined && typeof fault.rawBody !== 'string')
		return 'rawBody must be a string';
	return undefined;
}

/** A short label for recordings, e.g. "status 429", "delay 200ms + reset after-processing". */
export function describeFault(f: Fault): string {
	const parts: string[] = [];
	if (f.delayMs !== undefined) parts.push(`delay ${f.delayMs}ms`);
	if (f.status !== undefined) parts.push(`status ${f.status}`);
	if (f.reset !== undefined) parts.push(`reset ${f.reset}`);
	return parts.join(' + ');
}

export class FaultQueue {
	private queue: Array<{ fault: Fault; left: number }> = [];

	add(fault: Fault): void {
		const problem = faultProblem(fault);
		if (problem) throw new Error(`invalid fault: ${problem}`);
		this.queue.push({ fault: { ...fault }, left: fault.times ?? 1 });
	}

	/** The first queued fault that matches, used up by one; undefined if none matches. */
	take(req: RequestFacts): Fault | undefined {
		const entry = this.queue.find(
			({ fault: f }) =>
				(f.method === undefined || f.method.toUpperCase() === req.method) &&
				(f.route === undefined || f.route === req.route) &&
				(f.orgId === undefined || f.orgId.toLowerCase() === req.orgId?.toLowerCase()),
		);
		if (!entry) return undefined;
		entry.left--;
		if (entry.left === 0) this.queue.splice(this.queue.indexOf(entry), 1);
		return entry.fault;
	}

	/** Faults not yet used up, so a test can assert its fault was actually hit. */
	pending(): Fault[] {
		return this.queue.map(({ fault, left }) => ({ ...fault, times: left }));
	}

	clear(): void {
		this.queue = [];
	}
}
