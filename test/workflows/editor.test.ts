/**
 * The package in n8n's editor, in a real browser (Debian's Chromium driven by playwright-core): what
 * only shows there — a field that never appears because of a wrong displayOptions, a panel that
 * throws, a resource locator that cannot list, a credential whose Test button fails.
 *
 * One n8n (server mode, package installed from its packed tarball) and the simulator; a workflow with
 * every node package.json's `n8n.nodes` lists. For each node, every resource × operation (and each
 * variant that changes the fields, e.g. Map Each Field, Return All) is selected in the panel's own
 * dropdowns, and the panel must render exactly the parameters the node's description shows for it —
 * computed from the built classes (test/browser/expected.ts), so the test follows the code. Page
 * errors and console errors of the editor fail the test that caused them.
 *
 * Screenshots of each panel go to .artifacts/screenshots/; with AMILI_UPDATE_DOCS_SCREENSHOT=1 the
 * Amili Payment panel is also written to docs/amili-payment-panel.png (docs/payment-node.md's image).
 * Chromium comes from apt (test/browser/chromium.ts). Outside CI, AMILI_SKIP_EDITOR_TESTS=1 skips
 * this file; in CI (CI=true) a missing browser fails it.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeParameters, INodeTypeDescription, NodeParameterValue } from 'n8n-workflow';

import { CREDENTIALS_ITEM, Editor, waitUntil, type RenderedItem } from '../browser/editor';
import { editorChromium, launchSignedIn } from '../browser/session';
import {
	credentialTypeFor,
	defaultVersion,
	loadPackageNodes,
	neverShown,
	panelStates,
	plainText,
	shownProperty,
	visibleParameters,
	type PackageNode,
	type PanelState,
} from '../browser/expected';
import { N8nInstance } from '../harness/n8n';
import { REPO_ROOT } from '../harness/runtime';
import {
	accessTokenCredential,
	connect,
	manualTrigger,
	n8nId,
	oauth2Credential,
	workflow,
	type Connections,
	type CredentialJson,
	type NodeInput,
} from '../harness/workflow';
import { startSimulator, type AmiliSimulator } from '../simulator';

const ORG = '7bc05553-4b68-44e8-b7bc-37be63c6d9e9';
const SCREENSHOTS = join(REPO_ROOT, '.artifacts', 'screenshots');
const DOCS_SCREENSHOT = join(REPO_ROOT, 'docs', 'amili-payment-panel.png');
const CUSTOM_API_CALL = 'Custom API Call';

const optedOut = process.env.AMILI_SKIP_EDITOR_TESTS === '1' && process.env.CI !== 'true';
const describeEditor = optedOut ? describe.skip : describe;

/** A node of the test workflow: the package node it is, its parameters and credential. */
interface WorkflowEntry {
	name: string;
	node: PackageNode;
	/** The default version, or an older one kept for saved workflows. */
	typeVersion: number;
	parameters: INodeParameters;
	credential?: CredentialJson;
}

function hasOption(description: INodeTypeDescription, parameter: string, value: string): boolean {
	return description.properties.some(
		(p) => p.name === parameter && (p.options ?? []).some((o) => 'value' in o && o.value === value),
	);
}

function optionName(
	description: INodeTypeDescription,
	values: INodeParameters,
	parameter: string,
	value: NodeParameterValue,
	typeVersion = defaultVersion(description),
): string {
	const property = shownProperty(description, values, parameter, typeVersion);
	const option = (property?.options ?? []).find((o) => 'value' in o && o.value === value);
	if (!option)
		throw new Error(`${description.name}: no option ${JSON.stringify(value)} for ${parameter}`);
	return option.name;
}

/** The default value n8n gives `parameter` for these values (its shown property's default). */
function defaultOf(
	description: INodeTypeDescription,
	values: INodeParameters,
	parameter: string,
	typeVersion: number,
): NodeParameterValue {
	return shownProperty(description, values, parameter, typeVersion)?.default as NodeParameterValue;
}

describeEditor('the package in n8n’s editor (Chromium)', () => {
	let n8n: N8nInstance;
	let sim: AmiliSimulator;
	let editor: Editor;
	let nodes: PackageNode[];
	let entries: WorkflowEntry[];
	let oauth2: CredentialJson;
	let token: CredentialJson;
	let workflowId: string;

	beforeAll(async () => {
		const chromium = editorChromium();
		[n8n, sim, nodes] = await Promise.all([
			N8nInstance.create(),
			startSimulator(),
			loadPackageNodes(REPO_ROOT),
		]);
		oauth2 = oauth2Credential(sim);
		token = accessTokenCredential(sim.apiBaseUrl, sim.issueAccessToken());
		const webhookSecret: CredentialJson = {
			id: n8nId(),
			name: 'Amili webhook secret',
			type: 'amiliWebhookSecretApi',
			data: { headerName: 'X-Webhook-Secret', secret: randomUUID() },
		};
		await n8n.importCredentials([oauth2, token, webhookSecret]);
		const credentialOfType = new Map([oauth2, token, webhookSecret].map((c) => [c.type, c]));

		entries = [];
		for (const node of nodes) {
			const { description } = node;
			const name = description.defaults.name ?? description.displayName;
			const parameters: INodeParameters = {};
			// Opened with a credential: OAuth2 where a node talks to Amili, the secret header on the trigger.
			for (const authentication of ['oAuth2', 'sharedSecretHeader']) {
				if (hasOption(description, 'authentication', authentication))
					parameters.authentication = authentication;
			}
			if (description.properties.some((p) => p.name === 'organizationId'))
				parameters.organizationId = ORG;
			const credentialType = credentialTypeFor(description, parameters);
			const typeVersion = defaultVersion(description);
			entries.push({
				name,
				node,
				typeVersion,
				parameters,
				credential: credentialType ? credentialOfType.get(credentialType) : undefined,
			});
			// Older versions stay for workflows saved with them: their panels are checked too.
			const versions = Array.isArray(description.version)
				? description.version
				: [description.version];
			for (const version of versions.filter((v) => v !== typeVersion)) {
				// As saved: defaults only, with the credential n8n asks for by default (OAuth2), if any.
				const savedCredentialType = credentialTypeFor(description, {}, version);
				entries.push({
					name: `${name} (version ${version})`,
					node,
					typeVersion: version,
					parameters: {},
					credential: savedCredentialType ? credentialOfType.get(savedCredentialType) : undefined,
				});
			}
		}
		// The access-token path of the first node that offers it (its credential select and Test button).
		const tokenNode = nodes.find((n) => hasOption(n.description, 'authentication', 'accessToken'));
		if (tokenNode) {
			entries.push({
				name: `${tokenNode.description.defaults.name ?? tokenNode.description.displayName} (access token)`,
				node: tokenNode,
				typeVersion: defaultVersion(tokenNode.description),
				parameters: { authentication: 'accessToken', organizationId: ORG },
				credential: token,
			});
		}
		const workflowNodes: NodeInput[] = [
			manualTrigger('Start'),
			...entries.map((entry, index) => ({
				name: entry.name,
				type: entry.node.type,
				typeVersion: entry.typeVersion,
				// Wider apart than the default: a trigger's "execute step" button sticks out to its left,
				// over the node before it, and takes the double-click meant for that node.
				position: [(index + 1) * 320, 0] as [number, number],
				parameters: entry.parameters,
				...(entry.credential
					? {
							credentials: {
								[entry.credential.type]: { id: entry.credential.id, name: entry.credential.name },
							},
						}
					: {}),
			})),
		];
		const connections: Connections = {};
		for (const entry of entries) {
			if ((entry.node.description.inputs as unknown[]).length > 0)
				connect(connections, 'Start', entry.name);
		}
		workflowId = await n8n.importWorkflow(
			workflow({ name: 'Amili nodes in the editor', nodes: workflowNodes, connections }),
		);

		await n8n.start();

		mkdirSync(SCREENSHOTS, { recursive: true });
		editor = await launchSignedIn(n8n, chromium);
		await editor.openWorkflow(workflowId);
	});

	afterAll(async () => {
		await editor?.close();
		await Promise.all([n8n?.dispose(), sim?.close()]);
	});

	/** Fails the test with every editor problem recorded since `mark`. */
	function expectNoProblemsSince(mark: number): void {
		expect(
			editor
				.problemsSince(mark)
				.map((p) => `[${p.step}] ${p.kind}: ${p.text}${p.url ? ` (${p.url})` : ''}`),
		).toEqual([]);
	}

	it('serves every node type package.json lists, with the properties of the built classes', async () => {
		const served = await n8n.http<Array<{ name: string; properties: Array<{ name: string }> }>>(
			'GET',
			'/types/nodes.json',
		);
		expect(served.status).toBe(200);
		const byName = new Map(
			(served.body as Array<{ name: string; properties: Array<{ name: string }> }>).map((t) => [
				t.name,
				t,
			]),
		);
		expect(nodes.length).toBeGreaterThanOrEqual(2);
		for (const node of nodes) {
			expect({
				type: node.type,
				properties: byName.get(node.type)?.properties.map((p) => p.name),
			}).toEqual({
				type: node.type,
				properties: node.description.properties.map((p) => p.name),
			});
		}
	});

	describe('every node: each resource × operation renders exactly its documented fields', () => {
		// First, on the nodes as imported. Registered before beforeAll runs, so the list is read here.
		const declared = (
			JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
				n8n: { nodes: string[] };
			}
		).n8n.nodes.map((file) => file.replace(/^.*\/([^/]+)\.node\.js$/, '$1'));

		it.each(declared)(
			'%s',
			async (className) => {
				const mark = editor.problems.length;
				const versions = entries.filter(
					(e) =>
						e.node.description.name.toLowerCase() === className.toLowerCase() &&
						!e.name.endsWith('(access token)'),
				);
				if (!versions.length)
					throw new Error(`${className}: not loaded from package.json's n8n.nodes`);
				const failures: string[] = [];
				const states: PanelState[] = [];
				for (const entry of versions) {
					const checked = await checkNode(entry);
					failures.push(...checked.failures);
					states.push(...checked.states);
				}
				const { description } = versions[0].node;
				for (const property of neverShown(description, states)) {
					failures.push(
						`${versions[0].name}: ${property} is shown for no version/resource/operation/variant`,
					);
				}
				expect(failures).toEqual([]);
				expectNoProblemsSince(mark);
			},
			300_000,
		);
	});

	it('Amili OAuth2 credential: the dialog’s connection test succeeds against the simulator (token fetched, GET /batches)', async () => {
		const mark = editor.problems.length;
		const entry = entries.find(
			(e) => e.credential === oauth2 && e.node.description.credentials?.length,
		);
		if (!entry) throw new Error('no node uses the OAuth2 credential');
		editor.step(`${entry.name}: OAuth2 credential dialog`);
		await editor.openNode(entry.name);
		expect(await editor.selectedCredential(oauth2.name)).toBe(oauth2.name);
		await expectCredentialTestPasses('OAuth2 (Recommended)');
		expect(sim.tokenRequests.length).toBeGreaterThanOrEqual(1);
		await editor.closeNode();
		expectNoProblemsSince(mark);
	});

	it('Amili Access Token credential (a simulator token made at run time): the dialog’s connection test succeeds', async () => {
		const mark = editor.problems.length;
		const entry = entries.find((e) => e.credential === token);
		if (!entry) throw new Error('no node uses the access-token credential');
		editor.step(`${entry.name}: access-token credential dialog`);
		await editor.openNode(entry.name);
		expect(await editor.selectedCredential(token.name)).toBe(token.name);
		await expectCredentialTestPasses('Access Token');
		await editor.closeNode();
		expectNoProblemsSince(mark);
	});

	it('Amili Webhook Secret credential: the dialog’s test (run by the Amili Trigger, nothing sent anywhere) succeeds', async () => {
		const mark = editor.problems.length;
		const entry = entries.find((e) => e.credential?.type === 'amiliWebhookSecretApi');
		if (!entry) throw new Error('no node uses the webhook secret credential');
		editor.step(`${entry.name}: webhook secret credential dialog`);
		const requestsBefore = sim.requests.length;
		await editor.openNode(entry.name);
		expect(await editor.selectedCredential(entry.credential?.name)).toBe(entry.credential?.name);
		await editor.openNodeCredential();
		expect(await editor.credentialTestResult()).toEqual({
			ok: true,
			text: expect.stringContaining('Connection tested successfully'),
		});
		await editor.closeCredentialModal();
		await editor.closeNode();
		expect(sim.requests.length).toBe(requestsBefore);
		expectNoProblemsSince(mark);
	});

	/**
	 * n8n tests a saved credential when its dialog opens; then Retry must send a new test request that
	 * reaches the simulator with a valid bearer, and n8n must show its success banner.
	 */
	async function expectCredentialTestPasses(mode: string): Promise<void> {
		const listBatches = () =>
			sim.requests.filter((r) => r.route === 'listBatches' && r.bearer === 'valid').length;
		await editor.openNodeCredential();
		expect(await editor.credentialMode()).toBe(mode);
		const first = await editor.credentialTestResult();
		expect(first).toEqual({
			ok: true,
			text: expect.stringContaining('Connection tested successfully'),
		});

		const before = listBatches();
		const response = editor.page.waitForResponse(
			(r) => r.url().endsWith('/rest/credentials/test') && r.request().method() === 'POST',
		);
		await editor.retryCredentialTest();
		const answer = await response;
		expect(answer.status()).toBe(200);
		expect(((await answer.json()) as { data?: { status?: string } }).data?.status).toBe('OK');
		await waitUntil(
			async () => listBatches() > before,
			10_000,
			() => 'the Retry reached no GET /batches with a valid bearer',
		);
		const retried = await editor.credentialTestResult();
		expect(retried).toEqual({
			ok: true,
			text: expect.stringContaining('Connection tested successfully'),
		});
		await editor.closeCredentialModal();
	}

	it('Batch locator: From List lists the organization’s batches from the simulator', async () => {
		const mark = editor.problems.length;
		const entry = entries.find((e) =>
			e.node.description.properties.some(
				(p) => p.type === 'resourceLocator' && p.name === 'batchId',
			),
		);
		if (!entry) throw new Error('no node has the batchId locator');
		const { description } = entry.node;
		const created = await fetch(`${sim.apiBaseUrl}/orgs/${ORG}/payments`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${sim.issueAccessToken()}`,
				'content-type': 'application/json',
			},
			body: JSON.stringify({
				organizationId: ORG,
				payments: [
					{
						invoiceNumber: 'EDITOR-1',
						uniqueSourcePaymentId: `editor-${randomUUID()}`,
						amount: 100,
						currency: 'NOK',
						date: '2025-03-09T00:00:00Z',
					},
				],
			}),
		});
		expect(created.status).toBe(202);
		const batchId = ((await created.json()) as { data: { batchId: string } }).data.batchId;

		editor.step(`${entry.name}: batch / get, Batch from list`);
		await editor.openNode(entry.name);
		const values = { ...entry.parameters, resource: 'batch', operation: 'get' };
		await editor.selectOption(
			'resource',
			optionName(description, entry.parameters, 'resource', 'batch'),
		);
		await editor.selectOption('operation', optionName(description, values, 'operation', 'get'));
		// The field tests ended on Custom API Call, which clears Organization ID: type it, as a user would.
		const organizationId = editor.parameterInput('organizationId').locator('input').first();
		if ((await organizationId.inputValue()) !== ORG) {
			await organizationId.fill(ORG);
			await organizationId.press('Tab');
		}
		const locator = editor.ndv.locator('[data-test-id="resource-locator-batchId"]');
		await locator.locator('[data-test-id="rlc-mode-selector"]').click();
		await editor.page
			.locator('.el-select-dropdown__item:visible')
			.filter({ hasText: /^From list$/i })
			.click();
		await locator.locator('[data-test-id="rlc-input"]').click();
		const item = editor.page
			.locator('[data-test-id="rlc-item"]:visible')
			.filter({ hasText: batchId });
		await item.waitFor();
		await item.click();
		await waitUntil(
			async () =>
				(await locator.locator('[data-test-id="rlc-input"]').inputValue()).includes(batchId),
			5_000,
			() => 'the picked batch does not show in the locator',
		);
		await editor.screenshotPanel(join(SCREENSHOTS, `${description.name}--batch-locator-list.png`));
		await editor.closeNode();
		expectNoProblemsSince(mark);
	});

	/** Visits every state of a node's panel; returns one line per field that did not render as expected. */
	async function checkNode(
		entry: WorkflowEntry,
	): Promise<{ failures: string[]; states: PanelState[] }> {
		const { description } = entry.node;
		const { typeVersion } = entry;
		const failures: string[] = [];
		const credentialName = entry.credential?.name;
		const noticeNames = description.properties
			.filter((p) => p.type === 'notice')
			.map((p) => ({ key: `notice:${p.name}`, text: plainText(p.displayName) }));
		const normalise = (item: RenderedItem): string => {
			if (!item.key.startsWith('notice:')) return item.key;
			const text = plainText(item.key.slice('notice:'.length));
			return noticeNames.find((n) => n.text === text)?.key ?? item.key;
		};
		// n8n's editor draws the credential select before the last shown parameter a credential's
		// displayOptions name (ParameterInputList.vue, indexToShowSlotAt), else first.
		const dependencies = new Set(
			(description.credentials ?? []).flatMap((c) => Object.keys(c.displayOptions?.show ?? {})),
		);
		const expectedKeys = (state: Pick<PanelState, 'expected' | 'credentialType'>) => {
			const keys = state.expected.map((p) => p.key);
			if (!state.credentialType) return keys;
			const slot = Math.max(
				0,
				state.expected.map((p) => dependencies.has(p.name)).lastIndexOf(true),
			);
			return [...keys.slice(0, slot), CREDENTIALS_ITEM, ...keys.slice(slot)];
		};

		const check = async (
			label: string,
			state: Pick<PanelState, 'expected' | 'credentialType'>,
		): Promise<void> => {
			const expected = expectedKeys(state);
			const seen = await editor.waitForParameters(expected, normalise);
			if (!seen.ok) {
				const missing = expected.filter((k) => !seen.keys.includes(k));
				const unexpected = seen.keys.filter((k) => !expected.includes(k));
				failures.push(
					`${entry.name} [${label}]: expected ${JSON.stringify(expected)}, rendered ${JSON.stringify(seen.keys)}` +
						(missing.length ? `; did not render: ${missing.join(', ')}` : '') +
						(unexpected.length ? `; not expected: ${unexpected.join(', ')}` : '') +
						(!missing.length && !unexpected.length ? '; wrong order' : ''),
				);
				return;
			}
			for (const parameter of state.expected) {
				const item = seen.items.find((i) => normalise(i) === parameter.key);
				const needsInput = !['notice', 'collection', 'fixedCollection'].includes(parameter.type);
				if (needsInput && !item?.hasInput)
					failures.push(`${entry.name} [${label}]: ${parameter.name} has a label but no input`);
				if (parameter.type === 'resourceLocator' && !item?.hasLocator) {
					failures.push(`${entry.name} [${label}]: ${parameter.name} renders no resource locator`);
				}
			}
			if (
				state.credentialType &&
				credentialName &&
				(await editor.selectedCredential(credentialName)) !== credentialName
			) {
				failures.push(
					`${entry.name} [${label}]: the credential select does not show ${credentialName}`,
				);
			}
		};

		editor.step(`${entry.name}: open`);
		await editor.openNode(entry.name);
		// As opened: the workflow's parameters, n8n's defaults for the rest.
		const opened = {
			expected: visibleParameters(description, entry.parameters, typeVersion),
			credentialType: entry.credential?.type,
		};
		await check('as opened', opened);
		const version = typeVersion === defaultVersion(description) ? '' : `--v${typeVersion}`;
		await editor.screenshotPanel(join(SCREENSHOTS, `${description.name}${version}.png`));
		if (description.name === 'amiliPayment' && process.env.AMILI_UPDATE_DOCS_SCREENSHOT === '1') {
			mkdirSync(join(REPO_ROOT, 'docs'), { recursive: true });
			copyFileSync(join(SCREENSHOTS, `${description.name}.png`), DOCS_SCREENSHOT);
		}

		const states = panelStates(description, entry.parameters, typeVersion);

		let resource: string | undefined;
		for (const state of states) {
			editor.step(`${entry.name}: ${state.label}`);
			const base = {
				...entry.parameters,
				...(state.resource !== undefined ? { resource: state.resource } : {}),
			};
			if (state.resource !== undefined && !state.variant) {
				if (state.resource !== resource) {
					const offered = await editor.optionNames('resource');
					const documented = (
						shownProperty(description, entry.parameters, 'resource')?.options ?? []
					).map((o) => o.name);
					const extra = offered.filter((o) => !documented.includes(o) && o !== CUSTOM_API_CALL);
					const absent = documented.filter((o) => !offered.includes(o));
					if (extra.length || absent.length) {
						failures.push(
							`${entry.name}: the Resource dropdown offers ${JSON.stringify(offered)}, documented ${JSON.stringify(documented)}`,
						);
					}
					await editor.selectOption(
						'resource',
						optionName(description, entry.parameters, 'resource', state.resource),
					);
					resource = state.resource;
					if (state.operation !== undefined) {
						const offeredOps = await editor.optionNames('operation');
						const documentedOps = (
							shownProperty(description, base, 'operation')?.options ?? []
						).map((o) => o.name);
						if (
							JSON.stringify(offeredOps.filter((o) => o !== CUSTOM_API_CALL)) !==
							JSON.stringify(documentedOps)
						) {
							failures.push(
								`${entry.name} [${state.resource}]: the Operation dropdown offers ${JSON.stringify(offeredOps)}, documented ${JSON.stringify(documentedOps)}`,
							);
						}
					}
				}
				if (state.operation !== undefined) {
					await editor.selectOption(
						'operation',
						optionName(description, base, 'operation', state.operation),
					);
				}
			}
			if (state.variant) {
				await applyVariant(
					state.variant.name,
					state.variant.type,
					state.variant.value,
					state.variant.display,
				);
				await check(state.label, state);
				// Back to the default, so the next variant starts from the operation's own state.
				const current = {
					...base,
					...(state.operation !== undefined ? { operation: state.operation } : {}),
				};
				const original = defaultOf(description, current, state.variant.name, typeVersion);
				await applyVariant(
					state.variant.name,
					state.variant.type,
					original,
					state.variant.type === 'options'
						? optionName(description, current, state.variant.name, original, typeVersion)
						: String(original),
				);
			} else {
				await check(state.label, state);
				if (state.resource !== undefined) {
					await editor.screenshotPanel(
						join(
							SCREENSHOTS,
							`${description.name}--${state.resource}--${state.operation ?? 'none'}.png`,
						),
					);
				}
			}
		}

		// n8n adds "Custom API Call" to a resource list when the credential can serve the HTTP Request
		// node; choosing it must show n8n's notice and nothing of ours. Last: n8n clears the fields.
		if (
			resource !== undefined &&
			(await editor.optionNames('resource')).includes(CUSTOM_API_CALL)
		) {
			editor.step(`${entry.name}: resource = Custom API Call`);
			await editor.selectOption('resource', CUSTOM_API_CALL);
			await editor.ndv.locator('[data-test-id="node-parameters-http-notice"]').waitFor();
			await check('Custom API Call', {
				expected: visibleParameters(description, {
					...entry.parameters,
					resource: '__CUSTOM_API_CALL__',
				}).filter((p) => p.name === 'resource'),
				credentialType: entry.credential?.type,
			});
		}
		await editor.closeNode();
		return { failures, states };
	}

	async function applyVariant(
		name: string,
		type: 'options' | 'boolean',
		value: NodeParameterValue,
		display: string,
	): Promise<void> {
		if (type === 'boolean') await editor.setSwitch(name, value === true);
		else await editor.selectOption(name, display);
	}
});
