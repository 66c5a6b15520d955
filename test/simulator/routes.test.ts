/**
 * The one table of routes (routes.ts ROUTES): the README's routes table says what it holds, and the
 * generic matcher finds each row and nothing else.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { API_PREFIX, PATH_PARAMS, ROUTE_NAMES, ROUTES, matchRoute } from './routes';

const UUIDS: Record<string, string> = {
	orgId: '3f2b8c1e-1111-4a2b-8c3d-000000000001',
	batchId: '3f2b8c1e-2222-4a2b-8c3d-000000000002',
	invoiceId: '3f2b8c1e-3333-4a2b-8c3d-000000000003',
	settlementId: '3f2b8c1e-4444-4a2b-8c3d-000000000004',
};

/** A route's path with a sample UUID for each `{param}`, as a client sends it. */
function samplePath(route: (typeof ROUTES)[number]): string {
	const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => UUIDS[name]);
	return route.outsideApi ? path : `${API_PREFIX}${path}`;
}

/** The README's Routes table: each row's RouteName, method and path (backticked in the first two
 * columns); a row that does not read so fails the test rather than going unchecked. */
function readmeRows(): Array<{ name: string; method: string; path: string }> {
	const readme = readFileSync(join(__dirname, 'README.md'), 'utf8');
	const section = readme.split(/^## /m).find((s) => s.startsWith('Routes\n'));
	if (!section) throw new Error('README.md has no "## Routes" section');
	return section
		.split('\n')
		.filter((line) => line.startsWith('|'))
		.slice(2) // the header and its separator
		.map((line) => {
			const [, nameCell, routeCell] = line.split('|').map((cell) => cell.trim());
			const route = /^`(\w+) (\S+)`/.exec(routeCell);
			if (!/^`\w+`$/.test(nameCell) || !route) throw new Error(`unreadable README row: ${line}`);
			return { name: nameCell.slice(1, -1), method: route[1], path: route[2] };
		});
}

describe('the table of routes', () => {
	test("the README's routes table lists every route with its method and path, and no other", () => {
		const rows = readmeRows();
		const inReadme = rows.map(({ name, method, path }) => `${name} ${method} ${path}`).sort();
		const inTable = ROUTES.map(({ name, method, path }) => `${name} ${method} ${path}`).sort();
		expect(inReadme).toEqual(inTable);
	});

	test('names are unique, and none is the reserved "unknown"', () => {
		const names = ROUTES.map((r) => r.name);
		expect(new Set(names).size).toBe(names.length);
		expect(names).not.toContain('unknown');
		expect(ROUTE_NAMES).toEqual([...names, 'unknown']);
	});

	test('paths name only the known ids, and no two routes share a method and path', () => {
		for (const route of ROUTES) {
			for (const [, name] of route.path.matchAll(/\{(\w+)\}/g)) expect(PATH_PARAMS).toContain(name);
			expect(route.path).toMatch(/^(\/([\w-]+|\{\w+\}))+$/);
		}
		const keys = ROUTES.map((r) => `${r.method} ${r.path.replace(/\{\w+\}/g, '{}')}`);
		expect(new Set(keys).size).toBe(keys.length);
	});
});

describe('matchRoute', () => {
	test.each(ROUTES.map((r) => [r.name, r] as const))(
		"%s's path with sample ids matches it",
		(name, r) => {
			const match = matchRoute(r.method, samplePath(r));
			expect(match.route).toBe(name);
			expect(match.entry).toBe(r);
			const params = Object.fromEntries(
				[...r.path.matchAll(/\{(\w+)\}/g)].map(([, param]) => [param, UUIDS[param]]),
			);
			expect(match.params).toEqual(params);
		},
	);

	test.each(ROUTES.map((r) => [r.name, r] as const))(
		'%s with any other method is unknown (or the route of that method)',
		(_, r) => {
			for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter(
				(m) => m !== r.method,
			)) {
				const other = ROUTES.find((o) => o.method === method && o.path === r.path);
				expect([method, matchRoute(method, samplePath(r)).route]).toEqual([
					method,
					other?.name ?? 'unknown',
				]);
			}
		},
	);

	test.each(ROUTES.map((r) => [r.name, r] as const))(
		'%s with extra segments, an empty segment or id, or without its prefix, is unknown',
		(_, r) => {
			const path = samplePath(r);
			const others = [
				`${path}/extra/extra`,
				`${path}/`,
				path.replace(/\/([^/]+)$/, '//$1'),
				...Object.values(UUIDS)
					.filter((id) => path.includes(id))
					.map((id) => path.replace(id, '')),
				r.outsideApi ? `${API_PREFIX}${path}` : path.slice(API_PREFIX.length),
				r.outsideApi ? path.toUpperCase() : path.replace(API_PREFIX, '/collection/v2'),
			];
			for (const other of others)
				expect([other, matchRoute(r.method, other).route]).toEqual([other, 'unknown']);
		},
	);

	test('segments are decoded before matching; an id that is not a UUID still matches (400 later)', () => {
		const org = UUIDS.orgId;
		expect(matchRoute('GET', `${API_PREFIX}/orgs/${org}/invoice%73`).route).toBe('listInvoices');
		expect(matchRoute('GET', `${API_PREFIX}/batches/a%2Fb`)).toMatchObject({
			route: 'getBatchLegacy',
			params: { batchId: 'a/b' },
		});
		expect(matchRoute('GET', `${API_PREFIX}/batches/%E0%A4%A`).params).toEqual({
			batchId: '%E0%A4%A',
		});
	});

	test('the token endpoint is matched exactly as sent, and nothing else is', () => {
		expect(matchRoute('POST', '/token').route).toBe('token');
		for (const path of ['/%74oken', '/token/', '/', API_PREFIX, `${API_PREFIX}/`, '/elsewhere'])
			expect(matchRoute('POST', path).route).toBe('unknown');
	});
});
