import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { AMILI_ENVIRONMENTS, environmentUrlExpression } from '../../credentials/amiliEnvironments';
import {
	apiBaseUrlOf,
	checkServiceUrl,
	type EnvironmentTable,
	environmentIdentity,
	normalisedApiUrl,
	tokenUrlOf,
} from '../../nodes/Amili/transport/environments';

const LABEL = 'API base URL';

describe('checkServiceUrl', () => {
	test.each([
		['https://api.amili.no/collection/v1', 'https://api.amili.no/collection/v1'],
		['https://api.amili.no/collection/v1/', 'https://api.amili.no/collection/v1'],
		['  https://api.amili.no/collection/v1///  ', 'https://api.amili.no/collection/v1'],
		['https://proxy.example.com:8443/amili', 'https://proxy.example.com:8443/amili'],
		['http://localhost:4010/collection/v1/', 'http://localhost:4010/collection/v1'],
		['http://LOCALHOST:4010', 'http://LOCALHOST:4010'],
		['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
		['http://127.45.6.7', 'http://127.45.6.7'],
		['http://[::1]:4010/', 'http://[::1]:4010'],
	])('accepts %p as %p', (value, url) => {
		expect(checkServiceUrl(value, LABEL)).toEqual({ url });
	});

	test.each([
		'http://api.amili.no/collection/v1',
		'http://localhost.example.com',
		'http://127.0.0.1.nip.io',
		'http://128.0.0.1',
		'http://10.0.0.1',
		'http://[::2]',
		'ftp://localhost',
	])('refuses plain HTTP / other protocols to %p', (value) => {
		const result = checkServiceUrl(value, LABEL);
		expect(result).toHaveProperty('problem');
		expect((result as { problem: string }).problem).toMatch(/is not HTTPS/);
		expect((result as { problem: string }).problem).toContain('The API base URL');
	});

	test.each([
		'https://user:secret@api.amili.no',
		'https://user@api.amili.no',
		'http://u:p@localhost:4010',
	])('refuses user info in %p without echoing it', (value) => {
		const result = checkServiceUrl(value, LABEL) as { problem: string };
		expect(result.problem).toMatch(/must not contain a user name or password/);
		expect(result.problem).not.toContain('secret');
	});

	test.each<unknown>([
		'',
		'   ',
		'not a url',
		'api.amili.no/collection/v1',
		'//api.amili.no',
		undefined,
		null,
		42,
		{},
	])('refuses %p as not a URL', (value) => {
		const result = checkServiceUrl(value, 'token URL') as { problem: string };
		expect(result.problem).toMatch(/^The token URL ".*" is not a URL\./);
		expect(result).not.toHaveProperty('url');
	});
});

describe('environment selection', () => {
	test('production is the default and the documented/inferred URLs are used', () => {
		expect(apiBaseUrlOf({})).toBe('https://api.amili.no/collection/v1');
		expect(tokenUrlOf({})).toBe('https://auth.amili.no/token');
		expect(apiBaseUrlOf({ environment: 'production' })).toBe(
			AMILI_ENVIRONMENTS.production.apiBaseUrl,
		);
	});

	test('staging uses the staging hosts', () => {
		expect(apiBaseUrlOf({ environment: 'staging' })).toBe(
			'https://api.staging.amili.no/collection/v1',
		);
		expect(tokenUrlOf({ environment: 'staging' })).toBe('https://auth.staging.amili.no/token');
	});

	test("custom uses the credential's own fields, even if empty", () => {
		const credentials = {
			environment: 'custom',
			baseUrl: 'http://localhost:4010/collection/v1',
			tokenUrl: 'http://localhost:4010/token',
		};
		expect(apiBaseUrlOf(credentials)).toBe('http://localhost:4010/collection/v1');
		expect(tokenUrlOf(credentials)).toBe('http://localhost:4010/token');
		expect(apiBaseUrlOf({ environment: 'custom' })).toBeUndefined();
	});

	test.each(['foo', '__proto__', 'toString'])(
		'an unknown environment %p gives no URL (then refused by checkServiceUrl)',
		(environment) => {
			expect(apiBaseUrlOf({ environment })).toBeUndefined();
			expect(tokenUrlOf({ environment })).toBeUndefined();
			expect(checkServiceUrl(apiBaseUrlOf({ environment }), LABEL)).toHaveProperty('problem');
		},
	);

	test('every built-in URL passes checkServiceUrl unchanged', () => {
		for (const env of Object.values(AMILI_ENVIRONMENTS)) {
			expect(checkServiceUrl(env.apiBaseUrl, LABEL)).toEqual({ url: env.apiBaseUrl });
			expect(checkServiceUrl(env.tokenUrl, 'token URL')).toEqual({ url: env.tokenUrl });
		}
	});
});

describe('environmentUrlExpression', () => {
	/** Evaluates the n8n expression the way n8n would for these simple ternaries. */
	function evaluate(
		expression: string,
		scope: '$self' | '$credentials',
		data: Record<string, unknown>,
	): unknown {
		const match = /^=\{\{(.*)\}\}$/s.exec(expression);
		expect(match).not.toBeNull();
		return new Function(scope, `return (${(match as RegExpExecArray)[1]});`)(data);
	}

	test.each(['$self', '$credentials'] as const)(
		'selects production, staging or custom (%s)',
		(scope) => {
			for (const key of ['apiBaseUrl', 'tokenUrl'] as const) {
				const expression = environmentUrlExpression(key, scope, 'myField');
				expect(evaluate(expression, scope, { environment: 'production' })).toBe(
					AMILI_ENVIRONMENTS.production[key],
				);
				expect(evaluate(expression, scope, { environment: 'staging' })).toBe(
					AMILI_ENVIRONMENTS.staging[key],
				);
				expect(
					evaluate(expression, scope, { environment: 'custom', myField: 'http://localhost:1/x' }),
				).toBe('http://localhost:1/x');
				expect(evaluate(expression, scope, {})).toBe(AMILI_ENVIRONMENTS.production[key]);
			}
		},
	);
});

describe('environmentIdentity: which Amili a credential names, for the never-twice memory', () => {
	const custom = (baseUrl: string) => ({ environment: 'custom', baseUrl });
	/** A table as it would be after a release moved production (a test-only one). */
	const MOVED: EnvironmentTable = {
		production: {
			apiBaseUrl: 'https://api.amili.no/collection/v2',
			formerApiBaseUrls: ['https://api.amili.no/collection/v1', 'https://amili.no/api'],
		},
		staging: { apiBaseUrl: AMILI_ENVIRONMENTS.staging.apiBaseUrl, formerApiBaseUrls: [] },
	};

	test('a preset is its name; no environment is production', () => {
		expect(environmentIdentity({ environment: 'production' })).toBe('production');
		expect(environmentIdentity({ environment: 'staging' })).toBe('staging');
		expect(environmentIdentity({})).toBe('production');
	});

	test("a preset's name stays when a release changes its URL", () => {
		expect(environmentIdentity({ environment: 'production' }, MOVED)).toBe('production');
	});

	test.each(Object.entries(AMILI_ENVIRONMENTS).map(([name, { apiBaseUrl }]) => [name, apiBaseUrl]))(
		"a Custom URL equal to %s's current URL (%s) is that preset",
		(name, apiBaseUrl) => {
			expect(environmentIdentity(custom(apiBaseUrl))).toBe(name);
		},
	);

	test("a Custom URL equal to a preset's former URL is that preset", () => {
		expect(environmentIdentity(custom('https://api.amili.no/collection/v1'), MOVED)).toBe(
			'production',
		);
		expect(environmentIdentity(custom('https://amili.no/api/'), MOVED)).toBe('production');
		expect(environmentIdentity(custom('https://api.amili.no/collection/v2'), MOVED)).toBe(
			'production',
		);
	});

	test('another Custom URL is itself, normalised', () => {
		expect(environmentIdentity(custom('http://127.0.0.1:4010/collection/v1/'))).toBe(
			'http://127.0.0.1:4010/collection/v1',
		);
		expect(environmentIdentity(custom('https://Proxy.Example.com:8443/Amili'))).toBe(
			'https://proxy.example.com:8443/amili',
		);
	});

	test.each([
		'https://API.Amili.NO/collection/v1',
		'https://api.amili.no/collection/v1/',
		'https://api.amili.no/collection/v1///',
		'  https://api.amili.no:443/collection/v1  ',
		'HTTPS://api.amili.no/Collection/V1',
	])('%p is the same identity as the preset', (spelling) => {
		expect(environmentIdentity(custom(spelling))).toBe('production');
	});

	test('spellings of one Custom URL are one identity; another port or path is another', () => {
		const spellings = [
			'http://LOCALHOST:4010/collection/v1',
			'http://localhost:4010/collection/v1/',
			'http://localhost:4010/Collection/V1',
		].map((url) => environmentIdentity(custom(url)));
		expect(new Set(spellings)).toEqual(new Set(['http://localhost:4010/collection/v1']));
		expect(environmentIdentity(custom('http://localhost:80/x'))).toBe('http://localhost/x');
		expect(environmentIdentity(custom('http://localhost:4011/collection/v1'))).not.toBe(
			spellings[0],
		);
		expect(environmentIdentity(custom('https://api.amili.no/collection'))).not.toBe('production');
	});

	test.each<[string, ICredentialDataDecryptedObject]>([
		['an unknown environment', { environment: 'foo' }],
		['an inherited name', { environment: '__proto__' }],
		['a Custom URL that is not one', custom('not a url')],
		['a Custom without a URL', { environment: 'custom' }],
	])('%s has none (the transport refuses it)', (_name, credentials) => {
		expect(environmentIdentity(credentials)).toBeUndefined();
	});

	test('every former URL is a valid https URL, and no URL names two presets or twice one', () => {
		const all = Object.values(AMILI_ENVIRONMENTS).flatMap((preset) => [
			preset.apiBaseUrl,
			...preset.formerApiBaseUrls,
		]);
		for (const preset of Object.values(AMILI_ENVIRONMENTS)) {
			for (const former of preset.formerApiBaseUrls) {
				expect(checkServiceUrl(former, LABEL)).toEqual({ url: former });
				expect(new URL(former).protocol).toBe('https:');
			}
		}
		const normalised = all.map(normalisedApiUrl);
		expect(normalised).not.toContain(undefined);
		expect(new Set(normalised).size).toBe(all.length);
	});
});
