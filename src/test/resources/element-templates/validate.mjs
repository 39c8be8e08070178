// Validates Camunda Modeler element template files against Camunda's element-templates JSON schema (npm
// @camunda/element-templates-json-schema, the schema each template's $schema names), with ajv (draft-07) as Modeler's
// own validator does. Prints one line per file: "<file>: valid" or "<file>: <JSON pointer> <what is wrong>" per error.
// Exits 1 when any file is invalid or unreadable.
// Usage: node validate.mjs <template.json>...
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);
const schema = require('@camunda/element-templates-json-schema/resources/schema.json');
const version = require('@camunda/element-templates-json-schema/package.json').version;

// allErrors: report everything wrong in a file at once; strictTypes off: ajv would log a warning for each of the
// schema's if-clauses that test an object's properties without saying type: object (validation is the same)
const ajv = new Ajv({ allErrors: true, strictTypes: false });
const validate = ajv.compile(schema);

let failed = false;
for (const file of process.argv.slice(2)) {
  let template;
  try {
    template = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    console.log(`${file}: not readable JSON: ${e.message}`);
    failed = true;
    continue;
  }
  if (validate(template)) {
    console.log(`${file}: valid`);
    continue;
  }
  failed = true;
  for (const error of validate.errors) {
    const params = JSON.stringify(error.params);
    console.log(`${file}: ${error.instancePath || '/'} ${error.message} ${params} (schema ${error.schemaPath})`);
  }
}
console.log(`element-templates-json-schema ${version}`);
process.exit(failed ? 1 : 0);
