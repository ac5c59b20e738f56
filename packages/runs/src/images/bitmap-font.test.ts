import { describe, expect, it } from 'vitest';
import { drawText, formatAxisValue, GLYPH_HEIGHT, textWidth } from './bitmap-font.js';
import { linePlot, roundTicks } from './line-plot.js';
import { createRaster, type Raster } from './raster.js';

const INK = [0, 0, 0] as const;

/** The raster's rows as strings, '#' where a pixel is not white. */
function inkRows(raster: Raster, x0: number, y0: number, width: number, height: number): string[] {
  return Array.from({ length: height }, (_, row) =>
    Array.from({ length: width }, (_, column) => {
      const offset = 3 * ((y0 + row) * raster.width + x0 + column);
      return raster.pixels[offset] === 255 && raster.pixels[offset + 1] === 255 ? ' ' : '#';
    }).join(''),
  );
}

describe('bitmap font', () => {
  it('draws glyphs side by side with one blank column between them', () => {
    const raster = createRaster(20, 9);
    drawText(raster, '1-', 1, 1, INK);
    expect(inkRows(raster, 1, 1, textWidth('1-'), GLYPH_HEIGHT)).toEqual([
      '  #        ',
      ' ##        ',
      '  #        ',
      '  #   #####',
      '  #        ',
      '  #        ',
      ' ###       ',
    ]);
    expect(inkRows(raster, 0, 0, 20, 1)).toEqual([' '.repeat(20)]);
  });

  it('puts x ticks on round numbers', () => {
    expect(roundTicks(1, 3000)).toEqual([1000, 2000, 3000]);
    expect(roundTicks(1, 200)).toEqual([50, 100, 150, 200]);
    expect(roundTicks(9, 13)).toEqual([9, 10, 11, 12, 13]);
    expect(roundTicks(0, 7)).toEqual([0, 2, 4, 6]);
    expect(roundTicks(5, 5)).toEqual([5]);
  });

  it('names a character it cannot draw', () => {
    expect(() => drawText(createRaster(10, 10), 'x', 0, 0, INK)).toThrow('bitmap font: no glyph for "x"');
  });

  it('formats axis values in at most three significant digits', () => {
    expect([0.31548, 1.9135, 12.5, 1234, 0.0025, 0.00025, 250000, 0, -0.5].map(formatAxisValue)).toEqual([
      '0.315',
      '1.91',
      '12.5',
      '1230',
      '0.0025',
      '2.5e-4',
      '2.5e5',
      '0',
      '-0.5',
    ]);
  });

  it('labels a loss plot: log-scale title, the top and bottom grid values, the first and last step', () => {
    const losses = [2, 1.5, 1, 0.7, 0.5];
    const plot = linePlot(losses, 320, 200, { firstX: 9 });
    const rendered = (text: string) => {
      const stamp = createRaster(textWidth(text), GLYPH_HEIGHT);
      drawText(stamp, text, 0, 0, INK);
      return inkRows(stamp, 0, 0, textWidth(text), GLYPH_HEIGHT).join('\n');
    };
    const everyPlacement = (text: string) => {
      const [w, h] = [textWidth(text), GLYPH_HEIGHT];
      const found: Array<[number, number]> = [];
      const want = rendered(text);
      const firstInk = want.indexOf('#'); // its row and column in the stamp
      const [inkRow, inkColumn] = [Math.floor(firstInk / (w + 1)), firstInk % (w + 1)];
      for (let y = 0; y + h <= plot.height; y++) {
        for (let x = 0; x + w <= plot.width; x++) {
          if (inkRows(plot, x + inkColumn, y + inkRow, 1, 1)[0] !== '#') continue;
          if (inkRows(plot, x, y, w, h).join('\n') === want) found.push([x, y]);
        }
      }
      return found;
    };
    for (const label of ['loss (log scale)', 'step', '2', '0.5', '10', '13']) {
      expect(everyPlacement(label).length, label).toBeGreaterThan(0);
    }
  });
});
