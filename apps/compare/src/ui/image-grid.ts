/** Screen pixels per image pixel. */
const SCALE = 3;
const GAP = 2;

export interface GridImages {
  /** (B, H, W) in [0, 1]. */
  pixels: Float32Array;
  height: number;
  width: number;
  /** (B, side²): 1 where a token is not decoded yet (drawn tinted). */
  undecoded?: Uint8Array | null;
}

/** Columns of a grid of `count` images: 4 wide, fewer when there are fewer. */
export const gridColumns = (count: number) => Math.min(4, Math.max(1, count));

/** Draws B grayscale images into `canvas` as a grid; undecoded token cells are tinted. */
export function drawImageGrid(canvas: HTMLCanvasElement, images: GridImages): void {
  const { pixels, height: H, width: W } = images;
  const count = pixels.length / (H * W);
  const columns = gridColumns(count);
  const rows = Math.ceil(count / columns);
  const width = columns * W + (columns - 1) * GAP;
  const height = rows * H + (rows - 1) * GAP;
  const raster = new ImageData(width, height);
  raster.data.fill(255);
  const cells = images.undecoded ? images.undecoded.length / count : 0;
  const side = Math.round(Math.sqrt(cells));
  for (let image = 0; image < count; image++) {
    const left = (image % columns) * (W + GAP);
    const top = Math.floor(image / columns) * (H + GAP);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const value = Math.round(255 * pixels[image * H * W + y * W + x]!);
        const cell = side > 0 ? Math.floor((y * side) / H) * side + Math.floor((x * side) / W) : -1;
        const pending = cell >= 0 && images.undecoded![image * cells + cell] === 1;
        const at = ((top + y) * width + left + x) * 4;
        raster.data[at] = pending ? 40 + value * 0.2 : value;
        raster.data[at + 1] = pending ? 60 + value * 0.2 : value;
        raster.data[at + 2] = pending ? 110 + value * 0.2 : value;
        raster.data[at + 3] = 255;
      }
    }
  }
  canvas.hidden = false;
  canvas.width = width;
  canvas.height = height;
  canvas.style.width = `${width * SCALE}px`;
  canvas.getContext('2d')!.putImageData(raster, 0, 0);
}

/** The grid as a PNG download named `name`, each pixel drawn as a 4×4 block. */
export function downloadCanvas(canvas: HTMLCanvasElement, name: string): void {
  const scaled = document.createElement('canvas');
  scaled.width = canvas.width * 4;
  scaled.height = canvas.height * 4;
  const context = scaled.getContext('2d')!;
  context.imageSmoothingEnabled = false;
  context.drawImage(canvas, 0, 0, scaled.width, scaled.height);
  scaled.toBlob((blob) => {
    if (!blob) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }, 'image/png');
}
