const { src, dest } = require('gulp');

// tsc emits only JavaScript; n8n loads node and credential icons from files beside the built code.
function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = copyIcons;
