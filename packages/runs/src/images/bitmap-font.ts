import { type Color, type Raster, setPixel } from './raster.js';

/** Glyph cell: 5 columns × 7 rows, drawn with one blank column between characters. */
export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;
const ADVANCE = GLYPH_WIDTH + 1;

// One string per row, '#' = ink. Enough characters for axis labels and titles: digits, number punctuation
// and the lower-case letters of the plot titles.
const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  '0': [' ### ', '#   #', '#  ##', '# # #', '##  #', '#   #', ' ### '],
  '1': ['  #  ', ' ##  ', '  #  ', '  #  ', '  #  ', '  #  ', ' ### '],
  '2': [' ### ', '#   #', '    #', '   # ', '  #  ', ' #   ', '#####'],
  '3': ['#####', '   # ', '  #  ', '   # ', '    #', '#   #', ' ### '],
  '4': ['   # ', '  ## ', ' # # ', '#  # ', '#####', '   # ', '   # '],
  '5': ['#####', '#    ', '#### ', '    #', '    #', '#   #', ' ### '],
  '6': ['  ## ', ' #   ', '#    ', '#### ', '#   #', '#   #', ' ### '],
  '7': ['#####', '    #', '   # ', '  #  ', ' #   ', ' #   ', ' #   '],
  '8': [' ### ', '#   #', '#   #', ' ### ', '#   #', '#   #', ' ### '],
  '9': [' ### ', '#   #', '#   #', ' ####', '    #', '   # ', ' ##  '],
  '.': ['     ', '     ', '     ', '     ', '     ', ' ##  ', ' ##  '],
  '-': ['     ', '     ', '     ', '#####', '     ', '     ', '     '],
  '+': ['     ', '  #  ', '  #  ', '#####', '  #  ', '  #  ', '     '],
  '(': ['   # ', '  #  ', ' #   ', ' #   ', ' #   ', '  #  ', '   # '],
  ')': [' #   ', '  #  ', '   # ', '   # ', '   # ', '  #  ', ' #   '],
  ' ': ['     ', '     ', '     ', '     ', '     ', '     ', '     '],
  a: ['     ', '     ', ' ### ', '    #', ' ####', '#   #', ' ####'],
  c: ['     ', '     ', ' ### ', '#    ', '#    ', '#   #', ' ### '],
  e: ['     ', '     ', ' ### ', '#   #', '#####', '#    ', ' ### '],
  g: ['     ', '     ', ' ####', '#   #', ' ####', '    #', ' ### '],
  i: ['  #  ', '     ', ' ##  ', '  #  ', '  #  ', '  #  ', ' ### '],
  l: [' ##  ', '  #  ', '  #  ', '  #  ', '  #  ', '  #  ', ' ### '],
  n: ['     ', '     ', '# ## ', '##  #', '#   #', '#   #', '#   #'],
  o: ['     ', '     ', ' ### ', '#   #', '#   #', '#   #', ' ### '],
  p: ['     ', '     ', '#### ', '#   #', '#### ', '#    ', '#    '],
  r: ['     ', '     ', '# ## ', '##  #', '#    ', '#    ', '#    '],
  s: ['     ', '     ', ' ####', '#    ', ' ### ', '    #', '#### '],
  t: ['  #  ', '  #  ', '#####', '  #  ', '  #  ', '  #  ', '   ##'],
};

/** Width in pixels of `text` drawn by drawText. */
export function textWidth(text: string): number {
  return text.length === 0 ? 0 : text.length * ADVANCE - 1;
}

/** Draws `text` with its top-left corner at (x, y). Throws on a character the font does not have. */
export function drawText(raster: Raster, text: string, x: number, y: number, color: Color): void {
  for (const [index, character] of [...text].entries()) {
    const glyph = GLYPHS[character];
    if (!glyph) throw new Error(`bitmap font: no glyph for ${JSON.stringify(character)}`);
    for (let row = 0; row < GLYPH_HEIGHT; row++) {
      for (let column = 0; column < GLYPH_WIDTH; column++) {
        if (glyph[row]![column] === '#') setPixel(raster, x + index * ADVANCE + column, y + row, color);
      }
    }
  }
}

/** A short label for an axis value: up to 3 significant digits, exponent form below 0.001 or from 1e5. */
export function formatAxisValue(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value === 0 ? 0 : value);
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e5) {
    const [mantissa, exponent] = value.toExponential(1).split('e') as [string, string];
    return `${mantissa.replace(/\.0$/, '')}e${Number(exponent)}`;
  }
  return String(Number(value.toPrecision(3)));
}
