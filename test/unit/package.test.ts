/**
 * What users install: the packed file list, no runtime dependencies, and the built code held to
 * n8n's community-package checks that run offline (no restricted globals or imports in dist/).
 * Needs `npm run build` first (npm test builds before jest).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	peerDependenciesMeta?: Record<string, { optional?: boolean }>;
	keywords: string[];
	n8n: { n8nNodesApiVersion: number; strict: boolean; nodes: string[]; credentials: string[] };
};

beforeAll(() => {
	if (!existsSync(join(ROOT, 'dist')))
		throw new Error('dist/ is missing: run `npm run build` first.');
});

describe('the published package', () => {
	const packed = (): string[] => {
		const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: ROOT,
			encoding: 'utf8',
		});
		return (JSON.parse(output) as Array<{ files: Array<{ path: string }> }>)[0].files.map(
			(f) => f.path,
		);
	};

	it('ships only dist/, README, LICENSE and package.json', () => {
		const files = packed();
		const outside = files.filter(
			(f) => !f.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(f),
		);
		expect(outside).toEqual([]);
		expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
		expect(
			files.filter((f) => /\.(map|tsbuildinfo)$/.test(f) || f.startsWith('dist/test')),
		).toEqual([]);
	});

	it('ships every node, credential and icon package.json names', () => {
		const files = new Set(packed());
		for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(files).toContain(entry);
		for (const node of pkg.n8n.nodes) {
			const icons = readFileSync(join(ROOT, node), 'utf8').match(/file:[\w./-]+\.svg/g) ?? [];
			expect(icons.length).toBeGreaterThan(0);
			for (const icon of icons)
				expect(files).toContain(join(node, '..', icon.slice('file:'.length)));
		}
	});

	it('has no runtime dependencies: only n8n-workflow, as a peer', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(Object.keys(pkg.peerDependencies ?? {})).toEqual(['n8n-workflow']);
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.n8n).toMatchObject({ n8nNodesApiVersion: 1, strict: true });
		// The installed production tree is empty: nothing for `npm audit` to find.
		const tree = JSON.parse(
			execFileSync('npm', ['ls', '--omit=dev', '--omit=peer', '--all', '--json'], {
				cwd: ROOT,
				encoding: 'utf8',
			}),
		) as { dependencies?: Record<string, unknown> };
		expect(Object.keys(tree.dependencies ?? {})).toEqual([]);
	});

	it('marks every peer dependency optional, so `npm install n8n-nodes-amili` installs it alone', () => {
		// n8n's guidelines want n8n-workflow as a peer; n8n provides it at run time. npm 7+ installs a
		// peer that is not optional: in ~/.n8n/nodes that fetches the newest n8n-workflow and its tree
		// (native isolated-vm fails to build on Node 20, a mirror holding only our package answers 404,
		// elsewhere a second n8n-workflow is loaded beside n8n's). test/workflows/registry-install.test.ts
		// installs from a registry and checks node_modules holds our package alone.
		const peers = Object.keys(pkg.peerDependencies ?? {});
		expect(peers.length).toBeGreaterThan(0);
		const notOptional = peers.filter((name) => pkg.peerDependenciesMeta?.[name]?.optional !== true);
		expect(notOptional).toEqual([]);
		expect(pkg.dependencies).toBeUndefined();
	});
});

describe("n8n's offline community-package checks on the built code", () => {
	// The rules are ESM-only, so ESLint runs in its own process with a config of just these rules.
	const lint = (
		args: string[],
		input?: string,
	): Array<{
		filePath: string;
		messages: Array<{ ruleId: string; line: number; message: string }>;
	}> => {
		const run = spawnSync(
			'npx',
			[
				'--no-install',
				'eslint',
				'--no-ignore',
				'-c',
				'test/checks/dist.eslint.config.mjs',
				'--format',
				'json',
				...args,
			],
			{ cwd: ROOT, encoding: 'utf8', input },
		);
		return JSON.parse(run.stdout);
	};

	it('are live: they flag a timer, process access and a bundled HTTP client', () => {
		const [result] = lint(
			['--stdin', '--stdin-filename', 'dist/probe.js'],
			"const axios = require('axios');\nsetTimeout(() => {}, 1);\nconsole.log(process.env.SECRET);\n",
		);
		expect(new Set(result.messages.map((m) => m.ruleId))).toEqual(
			new Set([
				'@n8n/community-nodes/no-restricted-imports',
				'@n8n/community-nodes/no-restricted-globals',
			]),
		);
	});

	it('find nothing in dist/', () => {
		const results = lint(['dist']);
		expect(results.length).toBeGreaterThan(10);
		const problems = results.flatMap((r) =>
			r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId}: ${m.message}`),
		);
		expect(problems).toEqual([]);
	});
});
