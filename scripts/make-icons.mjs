#!/usr/bin/env node
// Draws the Teams app icons and writes them as PNG files, using nothing but node:zlib:
//   appPackage/color.png    192×192, full bleed, opaque: two people (mentor behind, new colleague in
//                           front) on the teal background, inside the 120×120 safe area Teams asks for.
//   appPackage/outline.png  32×32, the same two people as white strokes on a transparent background
//                           (every pixel is white with some alpha, or fully transparent).
//
// Usage: node scripts/make-icons.mjs [--out <folder>]   (default: appPackage)
// The output is deterministic; test/unit/manifest.test.ts regenerates the icons into a temp folder and
// checks that the committed files show the same pixels, so re-run this after changing the drawing.
import { writeFileSync, mkdirSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

export const TEAL = [0x0f, 0x6c, 0x7b];
const WHITE = [0xff, 0xff, 0xff];
const WARM = [0xff, 0xc8, 0x57];

// ---------------------------------------------------------------------------------------------
// PNG encoder: 8-bit RGBA, non-interlaced, adaptive per-row filter (like libpng's heuristic).

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([len, typeAndData, crc]);
}

function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Encodes `rgba` (Uint8Array, width*height*4 bytes, row-major) as a PNG file. */
export function encodePng(width, height, rgba) {
  const bpp = 4;
  const stride = width * bpp;
  const out = Buffer.alloc(height * (stride + 1));
  const prev = new Uint8Array(stride);
  const cand = Array.from({ length: 5 }, () => new Uint8Array(stride));
  for (let y = 0; y < height; y++) {
    const row = rgba.subarray(y * stride, (y + 1) * stride);
    const up = y === 0 ? prev : rgba.subarray((y - 1) * stride, y * stride);
    let best = 0;
    let bestScore = Infinity;
    for (let f = 0; f < 5; f++) {
      const dst = cand[f];
      let score = 0;
      for (let i = 0; i < stride; i++) {
        const a = i >= bpp ? row[i - bpp] : 0;
        const b = up[i];
        const c = i >= bpp ? up[i - bpp] : 0;
        const pred = f === 0 ? 0 : f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : paeth(a, b, c);
        const v = (row[i] - pred) & 0xff;
        dst[i] = v;
        score += v < 128 ? v : 256 - v;
      }
      if (score < bestScore) {
        bestScore = score;
        best = f;
      }
    }
    out[y * (stride + 1)] = best;
    out.set(cand[best], y * (stride + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(out, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------
// The drawing, as signed distance functions in "logo units": a 120×120 box (Teams' safe area of the
// 192 px colour icon). Negative inside, positive outside, roughly in units.

function circle(x, y, cx, cy, r) {
  return Math.hypot(x - cx, y - cy) - r;
}

/** Ellipse distance approximation (good near the edge, which is all anti-aliasing needs). */
function ellipse(x, y, cx, cy, a, b) {
  const px = x - cx;
  const py = y - cy;
  const k0 = Math.hypot(px / a, py / b);
  const k1 = Math.hypot(px / (a * a), py / (b * b));
  return k1 === 0 ? -Math.min(a, b) : (k0 * (k0 - 1)) / k1;
}

/** A bust: round head over shoulders (the top of an ellipse cut off by a flat base line). */
function person(p) {
  return (x, y) => {
    const head = circle(x, y, p.hx, p.hy, p.hr);
    const shoulders = Math.max(ellipse(x, y, p.bx, p.base, p.ba, p.bb), y - p.base);
    return Math.min(head, shoulders);
  };
}

const BASE = 110;
// The mentor stands behind, the new colleague (smaller, warm colour) in front.
const mentor = person({ hx: 45, hy: 30, hr: 20, bx: 45, base: BASE, ba: 40, bb: 46 });
const mentee = person({ hx: 83, hy: 50, hr: 16, bx: 83, base: BASE, ba: 32, bb: 32 });
const GAP = 5; // background kept clear around the front figure, in logo units

/** Renders with `samples`×`samples` supersampling; `shade(x, y)` returns [r,g,b,a] in logo units. */
function render(size, samples, toLogo, shade) {
  const rgba = new Uint8Array(size * size * 4);
  const n = samples * samples;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [lx, ly] = toLogo(px + (sx + 0.5) / samples, py + (sy + 0.5) / samples);
          const c = shade(lx, ly);
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const o = (py * size + px) * 4;
      if (a === 0) continue; // fully transparent: leave 0,0,0,0
      rgba[o] = Math.round(r / a);
      rgba[o + 1] = Math.round(g / a);
      rgba[o + 2] = Math.round(b / a);
      rgba[o + 3] = Math.round((a / n) * 255);
    }
  }
  return rgba;
}

export function drawColor() {
  const size = 192;
  const offset = (size - 120) / 2; // the 120×120 safe area, centred
  return {
    size,
    rgba: render(
      size,
      4,
      (x, y) => [x - offset, y - offset],
      (x, y) => {
        const front = mentee(x, y);
        if (front < 0) return [...WARM, 1];
        if (mentor(x, y) < 0 && front > GAP) return [...WHITE, 1];
        return [...TEAL, 1];
      },
    ),
  };
}

export function drawOutline() {
  const size = 32;
  const scale = 30 / 120; // the logo box fills 30 of the 32 pixels
  const offset = 1;
  const half = 0.8 / scale; // stroke half-width: 0.8 px, in logo units
  return {
    size,
    rgba: render(
      size,
      8,
      (x, y) => [(x - offset) / scale, (y - offset) / scale],
      (x, y) => {
        const front = mentee(x, y);
        if (Math.abs(front) <= half) return [...WHITE, 1];
        const back = mentor(x, y);
        if (Math.abs(back) <= half && front > half + 1.4 / scale) return [...WHITE, 1];
        return [0, 0, 0, 0];
      },
    ),
  };
}

function main(argv) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const i = argv.indexOf("--out");
  const outDir = i >= 0 && argv[i + 1] ? resolve(argv[i + 1]) : join(root, "appPackage");
  mkdirSync(outDir, { recursive: true });
  for (const [name, draw] of [
    ["color.png", drawColor],
    ["outline.png", drawOutline],
  ]) {
    const { size, rgba } = draw();
    const file = join(outDir, name);
    writeFileSync(file, encodePng(size, size, rgba));
    console.log(`wrote ${file} (${size}×${size})`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
