const path = require('node:path');

/** Where a project's counts go: one JSON file per package, named after it (`@mwr/api` → `mwr__api.json`). */
function countsFileFor(dir, packageName) {
  return path.join(dir, `${packageName.replace(/^@/, '').replace(/\//g, '__')}.json`);
}

module.exports = { countsFileFor };
