/**
 * Test-only QR reading: jsQR (an independent decoder) on the PNG qrcode writes, or on the SVG
 * rasterised here from qrcode's path form (`M x y` starts a row's run, `m dx 0` skips, `h n`
 * draws n modules), so the SVG itself is what gets decoded.
 */
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS: under NodeNext its default import is the whole module, whose `default` is jsQR.
const jsQR = jsQRModule.default;

export function readQrPng(png: Uint8Array): string | null {
  const image = PNG.sync.read(Buffer.from(png));
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

/** The SVG's modules as rows of booleans (true = dark), quiet zone included. */
export function svgModules(svg: string): boolean[][] {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)![1]);
  const path = /<path stroke="#000000" d="([^"]*)"/.exec(svg)![1];
  const grid = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  let x = 0;
  let y = 0;
  for (const [, command, a, b] of path.matchAll(/([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    if (command === 'M') {
      x = Number(a);
      y = Math.floor(Number(b));
    } else if (command === 'm') {
      x += Number(a);
    } else {
      for (let i = 0; i < Number(a); i++) grid[y][x + i] = true;
      x += Number(a);
    }
  }
  return grid;
}

export function readQrSvg(svg: string, pixelsPerModule = 8): string | null {
  const grid = svgModules(svg);
  const side = grid.length * pixelsPerModule;
  const rgba = new Uint8ClampedArray(side * side * 4);
  for (let py = 0; py < side; py++) {
    for (let px = 0; px < side; px++) {
      const level = grid[Math.floor(py / pixelsPerModule)][Math.floor(px / pixelsPerModule)] ? 0 : 255;
      rgba.set([level, level, level, 255], (py * side + px) * 4);
    }
  }
  return jsQR(rgba, side, side)?.data ?? null;
}
