const { rm } = require('node:fs/promises');
const { src, dest } = require('gulp');

// A build starts from an empty dist/: a module renamed or removed must not be packed from an old build.
function clean() {
	return rm('dist', { recursive: true, force: true });
}

// tsc emits only JavaScript; n8n loads node and credential icons from files beside the built code.
function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports.clean = clean;
exports['build:icons'] = copyIcons;
