// Renders one BPMN model to SVG with bpmn-js's viewer in headless Chromium, as Camunda Modeler draws it:
//   node src/build/render-diagram.mjs processes/phase-1-foundation.bpmn docs/images/phase-1-foundation.svg
// (src/build/render-diagrams.sh renders every model a docs page shows). Needs `npm ci` and chromium.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [model, out] = process.argv.slice(2);
const viewer = readFileSync('node_modules/bpmn-js/dist/bpmn-viewer.production.min.js', 'utf8');
const xml = readFileSync(model, 'utf8');
const page = `<!DOCTYPE html><html><body><div id="canvas" style="width:1600px;height:900px"></div>
<pre id="svg"></pre><script>${viewer}</script><script>
const viewer = new BpmnJS({ container: '#canvas' });
viewer.importXML(${JSON.stringify(xml)})
  .then(() => viewer.saveSVG())
  .then(({ svg }) => { document.getElementById('svg').textContent = svg; })
  .catch(err => { document.getElementById('svg').textContent = 'ERROR ' + err.message; });
</script></body></html>`;
const dir = mkdtempSync(join(tmpdir(), 'render-'));
try {
  writeFileSync(join(dir, 'page.html'), page);
  const dom = execFileSync(process.env.CHROMIUM || 'chromium', ['--headless', '--no-sandbox', '--disable-gpu',
    '--virtual-time-budget=20000', `--user-data-dir=${join(dir, 'profile')}`, '--dump-dom',
    'file://' + join(dir, 'page.html')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  const match = dom.match(/<pre id="svg">([\s\S]*?)<\/pre>/);
  const svg = match ? match[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&') : '';
  if (!svg.startsWith('<?xml') && !svg.startsWith('<svg')) {
    throw new Error(`${model}: no diagram rendered (${svg.slice(0, 200) || 'empty page'})`);
  }
  writeFileSync(out, svg + '\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
