/**
 * The classes n8n loads: their names, credential wiring and parameter definitions. n8n reads these
 * descriptions without type checks, so mistakes here (a displayOptions key naming no parameter, two
 * parameters with one name shown at once) break the editor silently.
 */
import type {
	ICredentialType,
	INodeProperties,
	INodePropertyCollection,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { AmiliApi } from '../../credentials/AmiliApi.credentials';
import { AmiliOAuth2Api } from '../../credentials/AmiliOAuth2Api.credentials';
import { Amili } from '../../nodes/Amili/Amili.node';
import { AmiliPayment } from '../../nodes/Amili/AmiliPayment.node';
import { MAX_PARALLEL_REQUESTS } from '../../nodes/Amili/create/defaults';

const node = new AmiliPayment();
const description: INodeTypeDescription = node.description;
const oauth2 = new AmiliOAuth2Api();
const token = new AmiliApi();

function isProperty(option: unknown): option is INodeProperties {
	return (
		typeof option === 'object' &&
		option !== null &&
		'name' in option &&
		'type' in option &&
		'displayName' in option
	);
}

/** Every list of sibling parameters: the top level, and the options of collections / fixed collections. */
function propertyScopes(properties: INodeProperties[]): INodeProperties[][] {
	const scopes = [properties];
	for (const property of properties) {
		for (const option of property.options ?? []) {
			if (isProperty(option)) continue;
			const values = (option as INodePropertyCollection).values;
			if (Array.isArray(values)) scopes.push(...propertyScopes(values));
		}
		const nested = (property.options ?? []).filter(isProperty);
		if (nested.length) scopes.push(...propertyScopes(nested));
	}
	return scopes;
}

function checkScope(properties: INodeProperties[], label: string): void {
	const names = new Set(properties.map((p) => p.name));
	const seen = new Map<string, string>();
	for (const property of properties) {
		const key = `${property.name} @ ${JSON.stringify(property.displayOptions ?? {})}`;
		expect({ scope: label, duplicate: seen.has(key) ? key : undefined }).toEqual({
			scope: label,
			duplicate: undefined,
		});
		seen.set(key, property.name);
		for (const kind of ['show', 'hide'] as const) {
			for (const dependency of Object.keys(property.displayOptions?.[kind] ?? {})) {
				if (dependency.startsWith('@')) continue; // @version and the like
				expect({
					scope: label,
					property: property.name,
					dependsOn: dependency,
					exists: names.has(dependency),
				}).toEqual({
					scope: label,
					property: property.name,
					dependsOn: dependency,
					exists: true,
				});
			}
		}
	}
}

describe('credentials', () => {
	test('names and display names', () => {
		expect(oauth2.name).toBe('amiliOAuth2Api');
		expect(token.name).toBe('amiliApi');
		expect(oauth2.displayName).toMatch(/Amili/);
		expect(token.displayName).toMatch(/Amili/);
	});

	test("the OAuth2 credential extends n8n's oAuth2Api with a hidden clientCredentials grant, no scope, form-body auth", () => {
		expect(oauth2.extends).toEqual(['oAuth2Api']);
		const byName = new Map(oauth2.properties.map((p) => [p.name, p]));
		expect(byName.get('grantType')).toMatchObject({ type: 'hidden', default: 'clientCredentials' });
		expect(byName.get('scope')).toMatchObject({ type: 'hidden', default: '' });
		expect(byName.get('authentication')).toMatchObject({ type: 'hidden', default: 'body' });
		expect(byName.get('accessTokenUrl')?.type).toBe('hidden');
		expect(String(byName.get('accessTokenUrl')?.default)).toMatch(/^=\{\{.*\}\}$/);
		expect(String(byName.get('accessTokenUrl')?.default)).toContain('https://auth.amili.no/token');
		expect(String(byName.get('accessTokenUrl')?.default)).toContain(
			'https://auth.staging.amili.no/token',
		);
	});

	test('the access-token credential sends Authorization: Bearer from an expression, and hides the token', () => {
		expect((token as ICredentialType).extends).toBeUndefined();
		const authenticate = token.authenticate as {
			type: string;
			properties: { headers?: Record<string, string> };
		};
		expect(authenticate.type).toBe('generic');
		expect(authenticate.properties.headers?.Authorization).toMatch(
			/^=Bearer \{\{\s*\$credentials\.accessToken\s*\}\}$/,
		);
		const accessToken = token.properties.find((p) => p.name === 'accessToken');
		expect(accessToken?.typeOptions?.password).toBe(true);
		expect(accessToken?.required).toBe(true);
	});

	test.each([
		['amiliOAuth2Api', oauth2],
		['amiliApi', token],
	] as Array<[string, ICredentialType]>)(
		'%s has a test request against the selected environment',
		(_, credential) => {
			expect(credential.test).toBeDefined();
			const request = credential.test?.request;
			expect(request?.url).toBe('/batches');
			expect(String(request?.baseURL)).toMatch(/^=\{\{.*\$credentials\.environment.*\}\}$/);
			expect(String(request?.baseURL)).toContain('https://api.amili.no/collection/v1');
		},
	);

	test.each([
		['amiliOAuth2Api', oauth2],
		['amiliApi', token],
	] as Array<[string, ICredentialType]>)(
		'%s: property names are unique per displayOptions and dependencies exist',
		(label, credential) => {
			for (const scope of propertyScopes(credential.properties)) checkScope(scope, label);
			expect(credential.properties.find((p) => p.name === 'environment')?.default).toBe(
				'production',
			);
		},
	);
});

describe('AmiliPayment node', () => {
	test('is described for n8n: name, version, usable as a tool, both credentials', () => {
		expect(description.name).toBe('amiliPayment');
		expect(description.displayName).toBe('Amili Payment');
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
		expect(description.usableAsTool).toBe(true);
		expect(typeof node.execute).toBe('function');
		expect(description.credentials?.map((c) => c.name).sort()).toEqual([
			'amiliApi',
			'amiliOAuth2Api',
		]);
	});

	test('each credential is shown for its own authentication option, and those options exist', () => {
		const authentication = description.properties.find((p) => p.name === 'authentication');
		const values = (authentication?.options ?? []).map((o) => (o as { value: string }).value);
		for (const credential of description.credentials ?? []) {
			const shownFor = credential.displayOptions?.show?.authentication as string[];
			expect(shownFor).toHaveLength(1);
			expect(values).toContain(shownFor[0]);
		}
		expect(values).toContain(authentication?.default);
	});

	test('property names are unique per displayOptions, and every displayOptions key is a parameter', () => {
		for (const scope of propertyScopes(description.properties)) checkScope(scope, 'AmiliPayment');
	});

	test('every displayOptions value refers to an option the parameter has', () => {
		const byName = new Map(description.properties.map((p) => [p.name, p]));
		for (const property of description.properties) {
			for (const [dependency, wanted] of Object.entries(property.displayOptions?.show ?? {})) {
				const target = byName.get(dependency);
				if (target?.type !== 'options') continue;
				const values = (target.options ?? []).map((o) => (o as { value: unknown }).value);
				for (const value of wanted as unknown[]) expect(values).toContain(value);
			}
		}
	});

	const mapEachField = (version: number) =>
		description.properties.filter((p) => {
			const show = p.displayOptions?.show ?? {};
			const versions = JSON.stringify(show['@version']);
			return (
				(show.mappingMode as string[] | undefined)?.includes('defineBelow') &&
				(version === 1 ? versions === '[1]' : versions !== '[1]')
			);
		});

	test('Map Each Field, version 1: one parameter per payment field, uniqueSourcePaymentId / amount / currency / date required', () => {
		const shown = mapEachField(1);
		expect(shown.map((p) => p.name)).toEqual([
			'invoiceId',
			'invoiceNumber',
			'uniqueSourcePaymentId',
			'paymentType',
			'amount',
			'currency',
			'date',
			'description',
		]);
		const required = shown.filter((p) => p.required).map((p) => p.name);
		expect(required).toEqual(['uniqueSourcePaymentId', 'amount', 'currency', 'date']);
		// Saved workflows omit parameters left at their default: these must never change in version 1.
		expect(Object.fromEntries(shown.map((p) => [p.name, p.default]))).toEqual({
			invoiceId: '',
			invoiceNumber: '={{ $json.invoiceNumber }}',
			uniqueSourcePaymentId: '={{ $json.uniqueSourcePaymentId }}',
			paymentType: '',
			amount: '={{ $json.amount }}',
			currency: 'NOK',
			date: '={{ $json.date }}',
			description: '',
		});
	});

	test("Map Each Field, from version 2: n8n's field mapper `columns`, its schema from getPaymentFields", () => {
		const shown = mapEachField(2);
		expect(shown).toHaveLength(1);
		expect(shown[0]).toMatchObject({
			name: 'columns',
			type: 'resourceMapper',
			default: { mappingMode: 'defineBelow', value: null },
			displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } },
			typeOptions: {
				resourceMapper: {
					resourceMapperMethod: 'getPaymentFields',
					mode: 'add',
					addAllFields: true,
				},
			},
		});
		expect(typeof node.methods.resourceMapping.getPaymentFields).toBe('function');
	});
});

describe('the description checks themselves', () => {
	const base: INodeProperties = { displayName: 'A', name: 'a', type: 'string', default: '' };

	test('catch a displayOptions key that names no parameter', () => {
		expect(() =>
			checkScope([base, { ...base, name: 'b', displayOptions: { show: { nope: ['x'] } } }], 'bad'),
		).toThrow();
	});

	test('catch two parameters with one name under the same displayOptions, but not under different ones', () => {
		expect(() => checkScope([base, { ...base }], 'bad')).toThrow();
		const mode: INodeProperties = {
			displayName: 'M',
			name: 'm',
			type: 'options',
			options: [],
			default: '',
		};
		expect(() =>
			checkScope(
				[
					mode,
					{ ...base, displayOptions: { show: { m: ['x'] } } },
					{ ...base, displayOptions: { show: { m: ['y'] } } },
				],
				'ok',
			),
		).not.toThrow();
	});

	test('look inside collections', () => {
		const collection: INodeProperties = {
			displayName: 'O',
			name: 'o',
			type: 'collection',
			default: {},
			options: [base, { ...base }],
		};
		expect(propertyScopes([collection])).toHaveLength(2);
	});
});

describe('Parallel Requests in every Create operation', () => {
	// The Options collections that offer it: Payment node, and the Amili node's three Create operations.
	const collections = [node.description, new Amili().description].flatMap((described) =>
		described.properties.filter(
			(p) =>
				p.type === 'collection' &&
				(p.options ?? []).some((o) => isProperty(o) && o.name === 'parallelRequests'),
		),
	);
	const shownFor = (collection: INodeProperties, typeVersion: number) =>
		(collection.options ?? [])
			.filter(isProperty)
			.filter((o) => o.name === 'parallelRequests')
			.filter((o) => NodeHelpers.displayParameter({}, o, { typeVersion } as never, null as never));

	test('is offered by the Payment node and by the payment, invoice and correction Create', () => {
		expect(collections).toHaveLength(4);
	});

	test.each([
		[1, 1],
		[2, 4],
	])('node version %i shows it once, with the default that applies (%i)', (typeVersion, shown) => {
		for (const collection of collections) {
			const options = shownFor(collection, typeVersion);
			expect(options.map((o) => [o.default, o.typeOptions?.maxValue])).toEqual([
				[shown, MAX_PARALLEL_REQUESTS],
			]);
		}
	});
});
