/**
 * n8n's verification gate, offline: @n8n/scan-community-package's `analyzePackage` on its two legs, the
 * source (this checkout) and the tarball (an unpacked `npm pack`), as test/checks/n8n-scan.mjs runs them.
 * A failure prints the scanner's report: file, line, message and rule. Needs `npm run build` first (npm
 * test builds before jest). Standalone: `npm run verify:n8n` (both legs) or
 * `node test/checks/n8n-scan.mjs --leg source` (no build needed).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const SCAN = join(ROOT, 'test', 'checks', 'n8n-scan.mjs');
const SCANNER = join(
	ROOT,
	'node_modules',
	'@n8n',
	'scan-community-package',
	'scanner',
	'scanner.mjs',
);

type Leg = {
	leg: 'source' | 'tarball';
	dir: string;
	passed: boolean;
	message?: string;
	details?: string;
};
type Problem = { file: string; line: number; severity: string; ruleId: string };

/** Runs the scan script under plain node (the scanner's rules need it: see the script's header). */
async function scan(args: string[]): Promise<Leg[]> {
	try {
		const { stdout } = await promisify(execFile)(process.execPath, [SCAN, '--json', ...args], {
			cwd: ROOT,
			maxBuffer: 16 * 1024 * 1024,
		});
		return JSON.parse(stdout) as Leg[];
	} catch (error) {
		// Exit 1 is "a leg failed", with the JSON on stdout; anything else is a broken gate.
		const { code, stdout, stderr } = error as { code?: number; stdout?: string; stderr?: string };
		if (code === 1 && stdout) return JSON.parse(stdout) as Leg[];
		throw new Error(`test/checks/n8n-scan.mjs exited ${code}: ${stderr ?? ''}${stdout ?? ''}`);
	}
}

/** The scanner's report (ESLint's stylish format) as file, line and rule of each problem. */
function problems(details = ''): Problem[] {
	const found: Problem[] = [];
	let file = '';
	for (const line of details.split('\n')) {
		const problem = /^\s+(\d+):\d+\s+(error|warning)\s+.*\s(\S+)$/.exec(line);
		if (problem)
			found.push({ file, line: Number(problem[1]), severity: problem[2], ruleId: problem[3] });
		else if (/^\S/.test(line) && !line.startsWith('✖')) file = line.trim();
	}
	return found;
}

function expectPassed(leg: Leg | undefined): void {
	expect(leg).toBeDefined();
	if (!leg!.passed) {
		throw new Error(
			`n8n's verification scanner, ${leg!.leg} leg (${leg!.dir}): ${leg!.message}\n${leg!.details ?? ''}`,
		);
	}
}

// Probes: a webhook trigger without webhookMethods, its rule switched off by comments the scan must ignore,
// a parameter that breaks an eslint-plugin-n8n-nodes-base rule, and built code using restricted globals.
const PROBE_NODE = `import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
/* eslint-disable */
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete
export class ProbeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Probe Trigger',
		name: 'probeTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow on a probe',
		defaults: { name: 'Probe Trigger' },
		inputs: [],
		outputs: ['main'],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [{ displayName: 'lower case name', name: 'x', type: 'string', default: '' }],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return { workflowData: [] };
	}
}
`;
const PROBE_BUILT = `"use strict";
/* eslint-disable */
Object.defineProperty(exports, "__esModule", { value: true });
setTimeout(() => {}, 1); // eslint-disable-line
`;
const PROBE_PACKAGE = JSON.stringify({
	name: 'n8n-nodes-probe',
	version: '0.0.1',
	keywords: ['n8n-community-node-package'],
});

let repo: Leg[];
let probe: Leg[];
let probeDir: string;

beforeAll(async () => {
	probeDir = mkdtempSync(join(tmpdir(), 'amili-scan-probe-'));
	const files: Record<string, string> = {
		'source/package.json': PROBE_PACKAGE,
		'source/nodes/Probe/ProbeTrigger.node.ts': PROBE_NODE,
		'tarball/package.json': PROBE_PACKAGE,
		'tarball/dist/nodes/Probe/ProbeTrigger.node.js': PROBE_BUILT,
	};
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(dirname(join(probeDir, path)), { recursive: true });
		writeFileSync(join(probeDir, path), text);
	}
	[repo, probe] = await Promise.all([
		scan([]),
		scan([`source=${join(probeDir, 'source')}`, `tarball=${join(probeDir, 'tarball')}`]),
	]);
});

afterAll(() => rmSync(probeDir, { recursive: true, force: true }));

describe("n8n's verification scanner (@n8n/scan-community-package), offline", () => {
	it('runs the legs n8n runs: the same patterns, with inline ESLint config off', () => {
		// If an upgrade of the scanner changes what it lints, this fails and test/checks/n8n-scan.mjs follows.
		const scanner = readFileSync(SCANNER, 'utf8');
		expect(scanner).toContain(
			"export const SOURCE_FILE_PATTERNS = ['package.json', '{nodes,credentials}/**/*.{js,ts,json}'];",
		);
		expect(scanner).toContain('analyzePackage(sourceDir, SOURCE_FILE_PATTERNS)');
		expect(scanner).toContain("analyzePackage(packageDir, ['**/*.js', 'package.json'])");
		expect(scanner).toContain('allowInlineConfig: false');
	});

	it('is live: it fails probes on both legs, eslint-disable comments notwithstanding', () => {
		const [source, tarball] = probe;
		expect(source).toMatchObject({ leg: 'source', passed: false });
		expect(problems(source.details)).toEqual(
			expect.arrayContaining([
				{
					file: 'nodes/Probe/ProbeTrigger.node.ts',
					line: 4,
					severity: 'error',
					ruleId: '@n8n/community-nodes/webhook-lifecycle-complete',
				},
				{
					file: 'nodes/Probe/ProbeTrigger.node.ts',
					line: 15,
					severity: 'error',
					ruleId: 'n8n-nodes-base/node-param-display-name-miscased',
				},
			]),
		);
		expect(tarball).toMatchObject({ leg: 'tarball', passed: false });
		expect(problems(tarball.details)).toEqual(
			expect.arrayContaining([
				{
					file: 'dist/nodes/Probe/ProbeTrigger.node.js',
					line: 4,
					severity: 'error',
					ruleId: '@n8n/community-nodes/no-restricted-globals',
				},
			]),
		);
	});

	it('source leg: this checkout (package.json, nodes/, credentials/) passes', () => {
		expectPassed(repo.find((leg) => leg.leg === 'source'));
	});

	it('tarball leg: the unpacked npm pack output (its .js files and package.json) passes', () => {
		expectPassed(repo.find((leg) => leg.leg === 'tarball'));
	});
});
