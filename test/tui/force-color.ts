// Imported first by component tests: colours on (the test stdout is no TTY), so frames carry the
// inverse video of the selected row and the tones tests look for.
process.env.FORCE_COLOR = '1';
delete process.env.NO_COLOR;
