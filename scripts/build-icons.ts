/**
 * The app icon and the favicon from resources/icon.svg, drawn by Debian's Chromium (the one the
 * E2E tests use): resources/build/icon.png (512 px, electron-builder's buildResources) and
 * resources/favicon.ico (16, 32 and 48 px PNGs in one ICO, served by the browser host). The
 * outputs are committed; run `npx tsx scripts/build-icons.ts` after changing the SVG.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const resources = fileURLToPath(new URL('../resources/', import.meta.url));
const svg = readFileSync(join(resources, 'icon.svg'), 'utf8');

/** An ICO file of PNG images (Windows Vista and every browser read PNG entries). */
function ico(images: Array<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // an icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, index) => {
    const entry = 6 + 16 * index;
    header.writeUInt8(size % 256, entry); // 0 means 256
    header.writeUInt8(size % 256, entry + 1);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage();
  const draw = async (size: number): Promise<Buffer> => {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
    );
    return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  };
  mkdirSync(join(resources, 'build'), { recursive: true });
  writeFileSync(join(resources, 'build', 'icon.png'), await draw(512));
  const sizes = [16, 32, 48];
  const images = [];
  for (const size of sizes) images.push({ size, png: await draw(size) });
  writeFileSync(join(resources, 'favicon.ico'), ico(images));
} finally {
  await browser.close();
}
