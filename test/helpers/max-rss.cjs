// Preloaded into a child (`node --require`): at exit, its peak resident memory (KiB, as
// process.resourceUsage() gives it) goes to the file named by KEYVIZ_MAX_RSS_FILE.
'use strict';
const file = process.env.KEYVIZ_MAX_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      // a measurement lost must not change how the child ends
    }
  });
}
