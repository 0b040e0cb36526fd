/**
 * `npm run eval`: quality against real third-party data in ../shared/datasets (read at run time,
 * never copied into the repository). Each part prints its own table; `--only NAME` runs one.
 */
const PARTS: Record<string, () => Promise<{ default: () => Promise<boolean> }>> = {
  extraction: () => import('./extraction'),
  'article-extraction': () => import('./article-extraction'),
  versions: () => import('./versions'),
  siblings: () => import('./siblings'),
  framing: () => import('./framing'),
  quotes: () => import('./quotes'),
};

const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;
let allMet = true;
for (const [name, load] of Object.entries(PARTS)) {
  if (only && only !== name) continue;
  const run = (await load()).default;
  const met = await run();
  allMet &&= met;
}
if (process.argv.includes('--check') && !allMet) process.exitCode = 1;
