/**
 * Renders public/icon/icon.svg to the PNG sizes the manifest lists, with headless Chromium
 * so the rasteriser is the one the extension will be shown in. Run: `npx tsx tests/demo/render-icons.ts`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../e2e/harness/browsers';

const SIZES = [16, 32, 48, 96, 128] as const;
/** Below this size the text lines on the documents blur into grey noise, so they are left out. */
const DETAIL_MIN_SIZE = 32;

const iconDir = fileURLToPath(new URL('../../public/icon/', import.meta.url));

async function main(): Promise<void> {
  const svg = await readFile(`${iconDir}icon.svg`, 'utf8');
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox'],
  });
  try {
    for (const size of SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
      const forSize = size < DETAIL_MIN_SIZE ? svg.replace(/<rect class="detail"[^>]*\/>\s*/g, '') : svg;
      const dataUrl = `data:image/svg+xml;base64,${Buffer.from(forSize).toString('base64')}`;
      await page.setContent(
        `<html><body style="margin:0;background:transparent"><img src="${dataUrl}" width="${size}" height="${size}" style="display:block"></body></html>`,
      );
      await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      const png = await page.screenshot({
        omitBackground: true,
        clip: { x: 0, y: 0, width: size, height: size },
      });
      await writeFile(`${iconDir}${size}.png`, png);
      await page.close();
      console.log(`wrote public/icon/${size}.png`);
    }
  } finally {
    await browser.close();
  }
}

await main();
