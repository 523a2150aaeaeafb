// Preloaded (--require) by bench/startup-phases.mjs into an `orchestrator serve` process: notes when each phase of
// its start ends and prints the times on stderr at exit. It only watches: every call goes through unchanged.
const fs = require('node:fs');
const Module = require('node:module');
const vm = require('node:vm');

const marks = [['Node started, preload runs', performance.now()]];
const mark = (label) => marks.push([label, performance.now()]);

const readFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  const result = readFileSync.call(this, file, ...rest);
  const name = String(file);
  if (name.endsWith('serve.cjs')) mark('entry modules loaded, bundle read');
  else if (name.endsWith('.cache')) mark('code cache read');
  else if (name.endsWith('.listings.json')) mark('tool listings read');
  return result;
};
class Script extends vm.Script {
  constructor(...args) {
    super(...args);
    mark('bundle compiled (with the cache)');
  }
  runInThisContext(...args) {
    const run = super.runInThisContext(...args);
    return (...inner) => {
      const result = run(...inner);
      mark('bundle evaluated');
      return result;
    };
  }
}
vm.Script = Script;
// fast.ts imports these by name as ES modules: let them see the watched versions.
Module.syncBuiltinESMExports();

const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const text = String(chunk);
  if (/"id":1[,}]/.test(text)) mark('server set up, initialize answered');
  if (/"id":2[,}]/.test(text)) mark('tools/list answered');
  return write(chunk, ...rest);
};
process.on('exit', () => process.stderr.write(`PHASES ${JSON.stringify(marks)}\n`));
