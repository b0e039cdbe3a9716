// Draws the two Teams app icons into appPackage/: run `node scripts/make-icons.mjs`
// after changing the mark, then commit the PNGs (packaging only copies them).
//
// Teams wants color.png at 192×192 (full colour) and outline.png at 32×32 (white on
// transparent, nothing else). Both show the same mark: two overlapping speech bubbles.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const appPackageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'appPackage');

const BRAND = [79, 107, 237]; // #4F6BED, also the manifest's accentColor
const TINT = [190, 201, 250]; // the back bubble: brand mixed with white
const WHITE = [255, 255, 255];

// ---- signed distances (negative inside), in glyph units -------------------------

function roundedRect(px, py, [x0, y0, x1, y1], r) {
  const qx = Math.abs(px - (x0 + x1) / 2) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(py - (y0 + y1) / 2) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(px - ax - t * (bx - ax), py - ay - t * (by - ay));
}

function triangle(px, py, [a, b, c]) {
  const edge = Math.min(segmentDistance(px, py, a, b), segmentDistance(px, py, b, c), segmentDistance(px, py, c, a));
  const side = (p, q) => (q[0] - p[0]) * (py - p[1]) - (q[1] - p[1]) * (px - p[0]);
  const s = [side(a, b), side(b, c), side(c, a)];
  const inside = s.every((v) => v >= 0) || s.every((v) => v <= 0);
  return inside ? -edge : edge;
}

const circle = (px, py, [cx, cy], r) => Math.hypot(px - cx, py - cy) - r;

// ---- the mark, in a 108 × 96 glyph box ------------------------------------------

const GAP = 6; // keeps the front bubble readable where it overlaps the back one
const back = (x, y) =>
  Math.min(roundedRect(x, y, [42, 0, 108, 60], 16), triangle(x, y, [[84, 52], [102, 52], [106, 76]]));
const front = (x, y) =>
  Math.min(roundedRect(x, y, [0, 18, 82, 80], 18), triangle(x, y, [[12, 72], [34, 72], [6, 96]]));
const dots = (x, y) => Math.min(...[21, 41, 61].map((cx) => circle(x, y, [cx, 49], 7)));

/** What one point of the mark shows: 'front' | 'dot' | 'back' | 'gap' | null. */
function markAt(x, y) {
  if (front(x, y) <= 0) return dots(x, y) <= 0 ? 'dot' : 'front';
  if (front(x, y) <= GAP) return back(x, y) <= 0 ? 'gap' : null;
  return back(x, y) <= 0 ? 'back' : null;
}

// ---- rendering ------------------------------------------------------------------

const SAMPLES = 4; // 4×4 supersampling per pixel for smooth edges

/** Renders size×size pixels; `shade(x, y)` returns [r, g, b, a] (a in 0..1) for a point in pixel units. */
function render(size, shade) {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const [cr, cg, cb, ca] = shade(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
          r += cr * ca; g += cg * ca; b += cb * ca; a += ca;
        }
      }
      const i = (py * size + px) * 4;
      const n = SAMPLES * SAMPLES;
      png.data[i] = a ? Math.round(r / a) : 255;
      png.data[i + 1] = a ? Math.round(g / a) : 255;
      png.data[i + 2] = a ? Math.round(b / a) : 255;
      png.data[i + 3] = Math.round((a / n) * 255);
    }
  }
  return PNG.sync.write(png);
}

/** Maps pixel coordinates into the glyph box, centred in the icon. */
function glyphSpace(size, glyphWidth) {
  const scale = 108 / glyphWidth;
  const left = (size - glyphWidth) / 2;
  const top = (size - 96 / scale) / 2;
  return (x, y) => [(x - left) * scale, (y - top) * scale];
}

function colorIcon() {
  const size = 192;
  const toGlyph = glyphSpace(size, 112);
  const palette = { front: WHITE, dot: BRAND, back: TINT, gap: BRAND };
  return render(size, (x, y) => {
    if (roundedRect(x, y, [0, 0, size, size], 44) > 0) return [0, 0, 0, 0];
    const part = markAt(...toGlyph(x, y));
    return [...(part ? palette[part] : BRAND), 1];
  });
}

function outlineIcon() {
  const size = 32;
  const toGlyph = glyphSpace(size, 28);
  // Teams tints the outline icon itself, so it may hold white and transparency only.
  return render(size, (x, y) => {
    const part = markAt(...toGlyph(x, y));
    return [...WHITE, part === 'front' || part === 'back' ? 1 : 0];
  });
}

writeFileSync(path.join(appPackageDir, 'color.png'), colorIcon());
writeFileSync(path.join(appPackageDir, 'outline.png'), outlineIcon());
console.log(`Wrote ${path.join('appPackage', 'color.png')} and ${path.join('appPackage', 'outline.png')}`);
