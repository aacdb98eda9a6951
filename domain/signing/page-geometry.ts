import type { PDFPage } from 'pdf-lib';

/** A rectangle in PDF user space, normalised (x0 < x1, y0 < y1). */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * How a page is shown: the visible box (CropBox clipped to the MediaBox, as viewers and pdftoppm
 * do), the clockwise /Rotate a viewer applies, and the size of the result.
 */
export interface PageView {
  box: Box;
  /** 0, 90, 180 or 270: /Rotate normalised (it may be negative or above 360 in the file). */
  rotate: 0 | 90 | 180 | 270;
  /** Width and height as displayed, in points (after rotation). */
  width: number;
  height: number;
}

const normalise = (r: { x: number; y: number; width: number; height: number }): Box => ({
  x0: Math.min(r.x, r.x + r.width), y0: Math.min(r.y, r.y + r.height),
  x1: Math.max(r.x, r.x + r.width), y1: Math.max(r.y, r.y + r.height),
});

/** The page as a viewer displays it. Throws if the page has no usable MediaBox. */
export function pageView(page: PDFPage): PageView {
  const media = normalise(page.getMediaBox());
  const crop = normalise(page.getCropBox());
  let box: Box = { x0: Math.max(media.x0, crop.x0), y0: Math.max(media.y0, crop.y0), x1: Math.min(media.x1, crop.x1), y1: Math.min(media.y1, crop.y1) };
  // A CropBox outside the MediaBox leaves nothing visible; viewers fall back to the MediaBox.
  if (box.x1 - box.x0 <= 0 || box.y1 - box.y0 <= 0) box = media;
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  if (!(w > 0 && h > 0) || !Number.isFinite(w) || !Number.isFinite(h)) throw new Error('the page has an empty or invalid MediaBox');
  const angle = page.getRotation().angle;
  const r = ((Math.round(angle / 90) * 90) % 360 + 360) % 360 as 0 | 90 | 180 | 270;
  const turned = r === 90 || r === 270;
  return { box, rotate: r, width: turned ? h : w, height: turned ? w : h };
}

/**
 * A point given in displayed points from the displayed top-left corner (X to the right, Y down),
 * in PDF user space. /Rotate turns the page clockwise for display, so at 90° the displayed
 * top-left is the box's lower-left corner and displayed X runs up the page.
 */
export function displayedToUser(view: PageView, X: number, Y: number): { x: number; y: number } {
  const { x0, y0, x1, y1 } = view.box;
  switch (view.rotate) {
    case 0: return { x: x0 + X, y: y1 - Y };
    case 90: return { x: x0 + Y, y: y0 + X };
    case 180: return { x: x1 - X, y: y0 + Y };
    case 270: return { x: x1 - Y, y: y1 - X };
  }
}

/**
 * Frame for drawing something that reads upright as displayed: the user-space point for a
 * displayed (left, bottom) corner, and the angle (counter-clockwise, degrees) to draw it at. The
 * displayed X axis points along that angle in user space, which is the page's /Rotate.
 */
export function uprightAt(view: PageView, left: number, bottom: number): { x: number; y: number; angle: number } {
  return { ...displayedToUser(view, left, bottom), angle: view.rotate };
}
