/**
 * One HTTP request to the simulator, start to end: the control API (/__sim/) answered at once; any
 * other request recorded, delayed by the simulated network, put through the next matching fault, and
 * answered by its route's handler (routes.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { handleApi } from './api';
import type { ApiContext } from './api-common';
import { type Fault, type FaultQueue, describeFault } from './faults';
import { BodyTooLargeError, type SimResponse, error, readBody, send } from './http';
import type { SimulatedNetwork } from './network';
import type { Recorder, RequestRecord } from './recorder';
import { type RouteMatch, matchRoute } from './routes';
import type { BearerCheck, TokenService } from './tokens';

/** What handling a request needs from the simulator. */
export interface RequestHandling {
	tokens: TokenService;
	api: ApiContext;
	recorder: Recorder;
	faults: FaultQueue;
	network: SimulatedNetwork;
	/** The control API under /__sim/. */
	control(req: IncomingMessage, method: string, url: URL, rawBody: string): Promise<SimResponse>;
	/** After each answered API request: webhooks for the batches it finished. */
	afterRequest(): void;
}

export async function handleRequest(
	h: RequestHandling,
	req: IncomingMessage,
	res: ServerResponse,
): Promise<void> {
	const started = Date.now();
	const method = (req.method ?? 'GET').toUpperCase();
	const url = new URL(req.url ?? '/', 'http://simulator');
	if (url.pathname.startsWith('/__sim/')) {
		const rawBody = await readBody(req);
		send(res, await h.control(req, method, url, rawBody));
		return;
	}

	const match = matchRoute(method, url.pathname);
	const bearer = match.entry?.outsideApi ? 'missing' : h.tokens.check(req.headers.authorization);
	const record = requestRecord(method, url, match, bearer, started);
	h.recorder.requests.push(record);
	const finish = (answer: SimResponse | 'drop') => {
		record.durationMs = Date.now() - started;
		if (answer === 'drop') {
			req.socket.destroy();
			return;
		}
		record.status = answer.status;
		send(res, answer);
	};

	let rawBody: string;
	try {
		rawBody = await readBody(req);
	} catch (e) {
		if (!(e instanceof BodyTooLargeError)) throw e;
		return finish(error(413, e.message, { connection: 'close' }));
	}

	const wait = h.network.delayFor(req.socket, match.entry?.outsideApi === true);
	if (wait > 0) await h.network.sleep(wait);
	const fault = h.faults.take({ method, route: match.route, orgId: match.params.orgId });
	if (fault) record.fault = describeFault(fault);
	if (fault?.delayMs) await h.network.sleep(fault.delayMs);
	if (fault?.reset === 'before-processing') return finish('drop');
	if (fault?.status !== undefined) return finish(statusFaultAnswer(fault, fault.status));

	const answer = handleApi(h.api, { match, req, rawBody, query: url.searchParams, bearer });
	finish(fault?.reset === 'after-processing' ? 'drop' : answer);
	h.afterRequest();
}

/** The request as the recorder keeps it; status and duration are filled in when it is answered. */
function requestRecord(
	method: string,
	url: URL,
	match: RouteMatch,
	bearer: BearerCheck,
	started: number,
): RequestRecord {
	return {
		method,
		path: url.pathname,
		query: Object.fromEntries(url.searchParams),
		route: match.route,
		...(match.params.orgId !== undefined ? { orgId: match.params.orgId } : {}),
		status: null,
		at: new Date(started).toISOString(),
		durationMs: null,
		validBearer: bearer === 'valid',
		bearer,
	};
}

/** Without a body or rawBody, a status fault says what it is, as a gateway error page would. */
function statusFaultAnswer(fault: Fault, status: number): SimResponse {
	const body =
		fault.body ??
		(fault.rawBody === undefined ? { message: `Simulated fault: status ${status}` } : undefined);
	return { status, headers: fault.headers, body, rawBody: fault.rawBody };
}
